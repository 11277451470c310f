"""What the matcher reads from a question once, before scoring any entry (on the tiny fictional knowledge base)."""

from __future__ import annotations

import pytest

from bot.core.index import Index
from bot.core.query import Query, f1, is_junk, off_topic, with_context
from tests.core.tiny_kb import DATA


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(DATA)


def query(index: Index, question: str) -> Query:
    return Query.of(index.analyzer.analyze(question), index)


def test_a_question_s_words_are_weighted_once_and_their_weights_summed(index: Index) -> None:
    q = query(index, "How many chips will Orbital Labs use?")
    assert q.tokens == set(q.weights)
    assert q.total == pytest.approx(sum(q.weights.values()))


def test_without_a_premise_s_words_the_weights_left_are_re_summed(index: Index) -> None:
    q = query(index, "Will Orbital Labs use 5,000 Quasar chips?")
    dropped = {next(iter(q.tokens))}
    rest = q.without(dropped)
    assert rest.tokens == q.tokens - dropped
    assert rest.total == pytest.approx(sum(rest.weights.values()))


def test_what_a_question_rules_out_is_read_from_non(index: Index) -> None:
    assert query(index, "Which non-Quasar chips does Orbital use?").ruled_out == {"quasar"}
    assert query(index, "Which Quasar chips does Orbital use?").ruled_out == frozenset()


def test_an_entry_with_a_word_the_question_rules_out_is_off_topic(index: Index) -> None:
    q = query(index, "Which non-Quasar chips does Orbital use?")
    chips = next(c for c in index.candidates if c.id == "chips-count")
    startups = next(c for c in index.candidates if c.id == "startups-count")
    assert off_topic(q, chips) < 1.0
    assert off_topic(q, startups) == 1.0


def test_an_entry_where_someone_else_speaks_is_off_topic_for_what_a_person_said(index: Index) -> None:
    q = query(index, "What did Sam Ortiz say about power?")
    assert q.speakers
    missing = next(c for c in index.candidates if c.id == "missing")
    assert off_topic(q, missing) < 1.0


@pytest.mark.parametrize("question", ["Besides Orbital, who uses Quasar chips?", "À part Orbital, qui utilise Quasar ?",
                                      "Oltre a Orbital, chi usa Quasar?", "Poza Orbital, kto używa Quasara?",
                                      "除了Orbital，还有谁用Quasar？", "Orbital کے علاوہ Quasar کون استعمال کرتا ہے؟"])
def test_besides_marks_what_the_question_names_as_excluded_in_any_language(index: Index, question: str) -> None:
    assert query(index, question).sets_aside


def test_a_question_setting_nothing_aside_does_not(index: Index) -> None:
    assert not query(index, "Who uses Quasar chips?").sets_aside


def test_keyboard_mashing_is_junk_and_a_real_question_is_not(index: Index) -> None:
    assert is_junk(index.analyzer.analyze("asdfghjkl qwpoeiru"), "asdfghjkl qwpoeiru")
    question = "How many chips will Orbital Labs use?"
    assert not is_junk(index.analyzer.analyze(question), question)


def test_a_question_naming_nothing_borrows_its_context_s_names(index: Index) -> None:
    analyzer = index.analyzer
    merged = with_context(analyzer.analyze("how many does it use?"), analyzer.analyze("tell me about Orbital Labs"))
    assert "orbital labs" in merged.entities
    assert merged.borrowed == {"orbital labs"}


def test_f1_is_zero_without_a_shared_word_and_one_for_the_same_words() -> None:
    weights = {"chip": 1.0, "orbit": 2.0}
    assert f1({"chip", "orbit"}, frozenset({"startup"}), weights, 3.0, 1.0) == 0.0
    assert f1({"chip", "orbit"}, frozenset({"chip", "orbit"}), weights, 3.0, 3.0) == pytest.approx(1.0)
