"""Whatever anyone types, the matcher and the answer builder answer without raising and never echo a mention."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from bot.core.models import Answer, Voter
from bot.core.service import MAX_QUESTION_CHARS, KnowledgeBase, clean_question
from bot.core.text import collapse_space, strip_control
from tests.hostile import LIVE_MENTION, LONG_EXAMPLES, hostile_text
from tests.votes import vote_on

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def hostile_kb(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """A knowledge base of its own: these tests fill its unanswered queue with junk."""
    target = tmp_path_factory.mktemp("hostile") / "kb.db"
    shutil.copy(built_db, target)
    base = KnowledgeBase.open(target)
    yield base
    base.close()


def shown_text(answer: Answer) -> list[str]:
    """Everything of an answer a renderer shows besides the user's own question."""
    out = [answer.text or "", *answer.notes, *answer.suggestions]
    for cite in answer.citations:
        out += [cite.quote, cite.title or "", cite.publisher or "", cite.published or "", cite.url or ""]
    return out


def with_examples(test):  # type: ignore[no-untyped-def]
    for text in ("", " ", "\n\t", *LONG_EXAMPLES, "<@123> how many chips?", "@everyone Mistral Compute"):
        test = example(text)(test)
    return test


@PROPERTY
@given(hostile_text)
@with_examples
def test_the_matcher_takes_any_text(shared_kb: KnowledgeBase, text: str) -> None:
    result = shared_kb.matcher.match(text)
    assert result.status in ("answered", "unsure", "no_answer")
    assert all(0.0 <= s.confidence <= 1.0 for s in result.ranked)
    assert [s.confidence for s in result.ranked] == sorted((s.confidence for s in result.ranked), reverse=True)


@PROPERTY
@given(hostile_text)
@with_examples
def test_the_answer_builder_takes_any_question_and_echoes_no_mention(shared_kb: KnowledgeBase, text: str) -> None:
    question, notes = clean_question(text)
    answer = shared_kb.answers.from_match(question, shared_kb.matcher.match(question), notes)
    assert answer.status in ("answered", "unsure", "no_answer")
    assert len(answer.question) <= MAX_QUESTION_CHARS + 1
    assert strip_control(answer.question) == answer.question  # control and invisible characters are gone
    assert bool(notes) == (len(collapse_space(strip_control(text))) > MAX_QUESTION_CHARS)  # a cut says so
    if answer.status == "answered":
        assert answer.citations and answer.text
    for shown in shown_text(answer):
        assert not LIVE_MENTION.search(shown), shown
    json.dumps(answer.to_json(), ensure_ascii=False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile_text)
@example("x" * 100_000)
@example("'; DROP TABLE facts; --")
def test_asking_anything_end_to_end_never_raises(hostile_kb: KnowledgeBase, text: str) -> None:
    answer = hostile_kb.ask(text, platform="test")
    for shown in shown_text(answer):
        assert not LIVE_MENTION.search(shown), shown


def test_sql_in_a_question_is_stored_as_text_not_run(hostile_kb: KnowledgeBase) -> None:
    sneaky = "zzqx'); DROP TABLE facts; --"
    hostile_kb.ask(sneaky, platform="test")
    hostile_kb.store.behind.flush()  # the question is saved behind the answer
    conn = sqlite3.connect(hostile_kb.store.path or ":memory:")
    try:
        assert conn.execute("select count(*) from facts").fetchone()[0] > 0
        stored = conn.execute("select question from unanswered where question = ?", [sneaky]).fetchall()
    finally:
        conn.close()
    assert stored == [(sneaky,)]


def test_a_vote_on_a_question_with_a_lone_surrogate_is_recorded(hostile_kb: KnowledgeBase) -> None:
    answer = hostile_kb.ask("How many chips will Mistral Compute use? \ud83d", platform="test")
    assert hostile_kb.record_feedback(*vote_on(answer), Voter("test", "u"), helpful=True)
