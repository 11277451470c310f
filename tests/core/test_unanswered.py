"""The unanswered-questions queue: grouped with counts, and turned into phrasings, entries or nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.core import unanswered
from bot.core.curation import Actor, CurationError, Curator, NotFoundError
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.core.validation import ValidationError

ALICE = Actor("alice", "slack")
GPU_QUESTION = "tally of gpus for the french cloud thing"


def queue(store: Store, question: str, normalized: str, *, at: str, state: str = "open") -> int:
    row = {"question": question, "normalized": normalized, "status": "no_answer", "platform": "discord", "at": at,
           "state": state}
    return int(store.db.table("unanswered").insert(row).last_pk or 0)


def test_unsure_and_unanswered_questions_are_queued_without_who_asked(kb: KnowledgeBase) -> None:
    kb.ask("recipe for chocolate pancakes", platform="discord")
    kb.ask("How many chips will Mistral Compute use?", platform="discord")
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    rows = list(kb.store.db.query("select * from unanswered"))
    assert [r["question"] for r in rows] == ["recipe for chocolate pancakes"]
    assert set(rows[0]) == {"id", "question", "normalized", "status", "platform", "at", "state"}


def test_the_same_question_asked_differently_is_one_group_with_a_count(kb: KnowledgeBase) -> None:
    for question in ("recipe for chocolate pancakes", "chocolate pancakes recipe", "Recipe for chocolate pancakes?",
                     "who is the pope"):
        kb.ask(question)
    found = unanswered.groups(kb.store)
    assert [g.count for g in found] == [3, 1]
    top = found[0]
    assert top.question == "Recipe for chocolate pancakes?" and len(top.ids) == 3
    assert top.last_seen >= top.first_seen and set(top.wordings) == {
        "recipe for chocolate pancakes", "chocolate pancakes recipe", "Recipe for chocolate pancakes?"}


def test_near_identical_normalized_forms_are_grouped_by_similarity(kb: KnowledgeBase) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    a = queue(kb.store, "nvidia spain factories", "factori nvidia spain", at=now)
    b = queue(kb.store, "nvidia spains factories", "factori nvidia spains", at=now)
    queue(kb.store, "weather in oslo", "oslo weather", at=now)
    grouped = unanswered.groups(kb.store)
    assert sorted(grouped[0].ids) == sorted([a, b])
    assert len(unanswered.groups(kb.store, similarity=100)) == 3
    assert len(unanswered.groups(kb.store, limit=1)) == 1


def test_attaching_a_question_makes_it_a_phrasing_and_empties_its_group(kb: KnowledgeBase) -> None:
    assert kb.ask(GPU_QUESTION).status != "answered"
    kb.ask(GPU_QUESTION)
    group = unanswered.groups(kb.store)[0]
    result = unanswered.attach(Curator.of(kb), ALICE, group.ids[-1], "mistral-compute-chips")
    assert result.state == "attached" and result.change is not None and result.change.record.version == 2
    answer = kb.ask(GPU_QUESTION)
    assert answer.status == "answered" and answer.match is not None and answer.match.id == "mistral-compute-chips"
    assert unanswered.groups(kb.store) == []
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    states = {r["state"] for r in kb.store.db.query("select state from unanswered")}
    assert states == {"attached"}
    with pytest.raises(CurationError, match="already attached"):
        unanswered.attach(Curator.of(kb), ALICE, group.id, "mistral-compute-chips")


def test_a_refused_attach_leaves_the_question_in_the_queue(kb: KnowledgeBase) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    qid = queue(kb.store, "ping <@123> about chips", "chip ping", at=now)
    with pytest.raises(ValidationError, match="mentions"):
        unanswered.attach(Curator.of(kb), ALICE, qid, "mistral-compute-chips")
    assert [g.id for g in unanswered.groups(kb.store)] == [qid]
    assert Curator(kb.store).get("faq", "mistral-compute-chips").version == 1


def test_promoting_a_question_creates_an_answerable_entry(kb: KnowledgeBase) -> None:
    question = "How many businesses and startups work with NVIDIA in Europe?"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    qid = queue(kb.store, question, "busi europ nvidia startup", at=now)
    result = unanswered.promote(
        Curator.of(kb), ALICE, qid, answer="NVIDIA works with 9,600 businesses and 7,000 startups in Europe.",
        facts=["businesses-9600", "startups-7000"], faq_id="businesses-and-startups",
    )
    assert result.state == "promoted" and result.change is not None
    entry = Curator(kb.store).get("faq", "businesses-and-startups")
    assert entry.value.question == question  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="needs at least one fact"):
        qid2 = queue(kb.store, "another question here", "anoth question", at=now)
        unanswered.promote(Curator.of(kb), ALICE, qid2, answer="Something.", facts=[])


def test_dismissing_takes_the_group_off_the_queue_and_changes_no_entry(kb: KnowledgeBase) -> None:
    kb.ask("who is the pope")
    kb.ask("who is the pope?")
    revision = kb.store.revision()
    [group] = unanswered.groups(kb.store)
    result = unanswered.dismiss(Curator.of(kb), ALICE, group.id)
    assert result.state == "dismissed" and result.group.count == 2
    assert unanswered.groups(kb.store) == [] and kb.store.revision() == revision
    with pytest.raises(NotFoundError):
        unanswered.dismiss(Curator.of(kb), ALICE, 999_999)
    with pytest.raises(CurationError, match="required"):
        unanswered.dismiss(Curator.of(kb), Actor(""), group.id)


def test_entries_older_than_the_retention_period_are_purged(kb: KnowledgeBase) -> None:
    now = datetime.now(UTC)
    old = queue(kb.store, "old question", "old question", at=(now - timedelta(days=91)).isoformat(timespec="seconds"))
    old_done = queue(kb.store, "old dismissed", "old dismiss", state="dismissed",
                     at=(now - timedelta(days=200)).isoformat(timespec="seconds"))
    recent = queue(kb.store, "recent question", "question recent",
                   at=(now - timedelta(days=89)).isoformat(timespec="seconds"))
    assert unanswered.purge(kb.store, 90, now=now) == 2
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    left = {r["id"] for r in kb.store.db.query("select id from unanswered")}
    assert recent in left and old not in left and old_done not in left
    with pytest.raises(CurationError):
        unanswered.purge(kb.store, 0)
