"""Answers from sources not yet reviewed, on the fictional article a moderator adds (``tests/data/fictional``).

Its sentences have no curated fact behind them until a moderator accepts a proposal: a question only one of
them answers gets that sentence, verbatim and labelled, capped below curated answers; with
``ANSWER_FROM_SOURCES=off``, or where the sentence lacks what is asked (a price), the bot abstains; and where a
curated entry answers, the curated answer wins over a sentence that says otherwise.
"""

from pathlib import Path

import pytest

from bot.config import ConfigError, answer_from_sources, load_settings
from bot.core import tuning as t
from bot.core.curation import Actor
from bot.core.models import Voter
from bot.core.semantic import remembering
from bot.core.service import KnowledgeBase
from bot.core.source_answers import KIND
from tests import fictional
from tests.core.tiny_kb import FakeEmbedder

MODERATOR = Actor("mod", "cli")
LISBON = "Nvidia said a fictional AI factory in Lisbon will house 4,000 chips by the end of the year."
ONLY_THE_SOURCE = "How many chips will the fictional AI factory in Lisbon house?"


@pytest.fixture
def added(kb: KnowledgeBase) -> KnowledgeBase:
    """The shipped knowledge base with the fictional article added (its proposals left open)."""
    fictional.add(kb, MODERATOR)
    return kb


def test_a_question_only_a_source_sentence_answers_gets_the_sentence_verbatim_and_labelled(
        added: KnowledgeBase) -> None:
    answer = added.ask(ONLY_THE_SOURCE)
    assert answer.status == "answered"
    assert answer.match is not None and answer.match.kind == KIND
    assert answer.match.id.startswith(fictional.SOURCE_ID + "#")
    assert not answer.reviewed
    assert answer.text is not None
    assert answer.text.startswith(f"From {fictional.TITLE}, not yet reviewed by moderators")
    assert [c.quote for c in answer.citations] == [LISBON]
    assert answer.citations[0].publisher == fictional.PUBLISHER
    assert t.SOURCE_ANSWER_AT <= answer.confidence <= t.SOURCE_CAP
    shown = answer.to_json()
    assert shown["reviewed"] is False and shown["match"] == {"kind": KIND, "id": answer.match.id}
    assert shown["sources"][0]["quote"] == LISBON


def test_with_answers_from_sources_off_the_same_question_is_not_answered(added: KnowledgeBase,
                                                                         db_path: Path) -> None:
    added.close()
    off = KnowledgeBase.open(db_path, semantic="now", from_sources=False)
    try:
        answer = off.ask(ONLY_THE_SOURCE)
        assert answer.status != "answered"
        assert answer.match is None or answer.match.kind != KIND
    finally:
        off.close()


def test_a_price_the_sentence_does_not_give_is_not_answered_from_it(added: KnowledgeBase) -> None:
    answer = added.ask("How much will the fictional AI factory in Lisbon cost?")
    assert answer.status != "answered"
    assert all(c.quote != LISBON for c in answer.citations)


def test_a_sentence_no_moderator_reviewed_does_not_contradict_the_asker(added: KnowledgeBase) -> None:
    """"Will it house 40,000 chips?" would get "No … 4,000" from a curated entry; from an unreviewed sentence the bot
    does not tell the asker they are wrong."""
    answer = added.ask("Will the fictional AI factory in Lisbon house 40,000 chips?")
    assert not (answer.status == "answered" and answer.match is not None and answer.match.kind == KIND)


def test_a_curated_answer_wins_over_a_sentence_that_says_otherwise(added: KnowledgeBase) -> None:
    answer = added.ask("How many Grace Blackwell chips will Mistral Compute use?")
    assert answer.status == "answered" and answer.reviewed
    assert answer.match is not None and answer.match.kind in ("faq", "fact")
    assert answer.text is not None and "18,000" in answer.text and "20,000" not in answer.text


def test_a_vote_on_a_sentence_answer_is_recorded_and_one_on_no_sentence_is_refused(added: KnowledgeBase) -> None:
    answer = added.ask(ONLY_THE_SOURCE)
    added.record_feedback(answer.ref, answer.question, Voter("cli", "u1"), helpful=True)
    with pytest.raises(LookupError):
        added.record_feedback(f"{KIND}:{fictional.SOURCE_ID}#999", "q", Voter("cli", "u1"), helpful=True)


def test_the_setting_is_on_unless_turned_off_and_refuses_nonsense(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert answer_from_sources({}) is True
    assert answer_from_sources({"ANSWER_FROM_SOURCES": "off"}) is False
    assert answer_from_sources({"ANSWER_FROM_SOURCES": " ON "}) is True
    assert load_settings({"ANSWER_FROM_SOURCES": "off"}).answer_from_sources is False
    with pytest.raises(ConfigError, match="ANSWER_FROM_SOURCES"):
        answer_from_sources({"ANSWER_FROM_SOURCES": "sometimes"})
    monkeypatch.delenv("ANSWER_FROM_SOURCES", raising=False)
    env = tmp_path / ".env"
    env.write_text("ANSWER_FROM_SOURCES=off\n", encoding="utf-8")
    assert answer_from_sources(None, env) is False
    monkeypatch.setenv("ANSWER_FROM_SOURCES", "on")
    assert answer_from_sources(None, env) is True


def test_a_question_is_embedded_once_for_the_curated_entries_and_the_sentences() -> None:
    model = FakeEmbedder()
    kept = remembering(model)
    assert kept is not None and remembering(kept) is kept
    first = kept.embed(["where is it?"], "query")
    again = kept.embed(["where is it?"], "query")
    assert model.calls == 1 and (first == again).all()
    kept.embed(["where is it?"], "passage")
    kept.embed(["where is it?", "and when?"], "query")
    assert model.calls == 3, "passages and batches always reach the model"
