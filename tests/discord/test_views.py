"""The buttons under answers and the ask form: votes, suggestions, restarts, stale entries."""

from __future__ import annotations

import json

from bot.chat.grammar import Retire
from bot.chat.moderation import Saved, run_admin
from bot.core.curation import Actor, Curator
from bot.core.models import Answer, Match
from bot.core.service import KnowledgeBase, answer_key, feedback_key
from bot.discord.views import EXPIRED, vote_ref
from tests.discord.checks import assert_well_formed, question_with, settings
from tests.discord.harness import connected, run
from tests.discord.payloads import COMPONENT, MODAL_SUBMIT, button_press, interaction_payload, modal_submit


def test_feedback_is_recorded_once_per_user_and_a_second_press_updates_it(kb: KnowledgeBase) -> None:
    faq = kb.answers.data.faq[0]
    match = kb.ask(faq.question).match
    assert match is not None

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=faq.question)
            first = await discord_.press(sent, f"nvidia:fb:y:faq:{match.id}")
            assert first.ephemeral and "Noted as helpful" in first.content
            again = await discord_.press(sent, f"nvidia:fb:n:faq:{match.id}")
            assert again.ephemeral and "changed your vote to not helpful" in again.content
            other = await discord_.press(sent, f"nvidia:fb:y:faq:{match.id}", user_id=42)
            assert "Noted as helpful" in other.content

    run(scenario)
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    rows = list(kb.store.db.query("select * from feedback order by id"))
    assert len(rows) == 2
    assert rows[0]["question"] == faq.question and rows[0]["match_kind"] == "faq"
    assert rows[0]["helpful"] == 0 and rows[1]["helpful"] == 1
    assert rows[0]["platform"] == "discord" and rows[0]["at"]
    assert rows[0]["answer_key"] == answer_key(kb.ask(faq.question)), "the same key as the core's own answer"


def test_buttons_keep_working_after_a_restart(kb: KnowledgeBase) -> None:
    question = question_with(kb, "unsure")

    async def scenario() -> None:
        async with connected(kb, settings()) as before:
            sent = await before.command("ask", question=question)
        async with connected(kb, settings()) as after:  # a new process: no views in memory
            suggestion = next(b["custom_id"] for b in sent.buttons if b["custom_id"].startswith("nvidia:sg:"))
            answered = await after.press(sent, suggestion)
            assert answered.type == 4 and answered.embeds[0]["fields"]
            vote = await after.press(sent, "nvidia:fb:n:unsure")
            assert "Noted as not helpful" in vote.content

    run(scenario)
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    row = next(iter(kb.store.db.query("select * from feedback")))
    assert row["question"] == question and row["match_kind"] is None


def test_a_retired_entry_expires_its_buttons_and_records_no_vote(kb: KnowledgeBase) -> None:
    """A vote or a suggestion for an entry retired since the answer was sent says so, like a stale button."""
    question = question_with(kb, "unsure")
    suggested = kb.ask(question).suggested[0]

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=question)
            answered = await discord_.press(sent, f"nvidia:sg:{suggested.kind}:{suggested.id}")
            vote_id = next(b["custom_id"] for b in answered.buttons if b["custom_id"].startswith("nvidia:fb:y:"))
            assert vote_id == f"nvidia:fb:y:{suggested.kind}:{suggested.id}"
            retired = run_admin(Curator.of(kb), Actor("alice", "test"), Retire(suggested.kind, suggested.id))
            assert isinstance(retired, Saved), retired
            stale_vote = await discord_.press(answered, vote_id)
            assert stale_vote.ephemeral and stale_vote.content == EXPIRED
            stale_suggestion = await discord_.press(sent, f"nvidia:sg:{suggested.kind}:{suggested.id}")
            assert stale_suggestion.ephemeral and stale_suggestion.content == EXPIRED

    run(scenario)
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    assert list(kb.store.db.query("select * from feedback")) == []


def test_a_vote_for_an_entry_that_never_existed_records_nothing(kb: KnowledgeBase) -> None:
    """A forged or corrupted button naming no entry at all is expired, like a retired entry's."""
    faq = kb.answers.data.faq[0]

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=faq.question)
            for custom_id in ("nvidia:fb:y:faq:no-such-entry-qq", "nvidia:fb:n:fact:no-such-fact-qq"):
                # The answer's message with its vote button naming the entry instead (discord.py dispatches
                # only a button that is on the message pressed).
                assert sent.message is not None
                real = next(b["custom_id"] for b in sent.buttons if b["custom_id"].startswith(custom_id[:12]))
                forged = json.loads(json.dumps(sent.message).replace(json.dumps(real), json.dumps(custom_id)))
                vote = await discord_.respond(interaction_payload(COMPONENT, button_press(custom_id),
                                                                  message=forged))
                assert vote.ephemeral and vote.content == EXPIRED

    run(scenario)
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    assert list(kb.store.db.query("select * from feedback")) == []


def test_ask_differently_opens_a_form_whose_submission_is_answered(kb: KnowledgeBase) -> None:
    missed = question_with(kb, "no_answer")
    faq = kb.answers.data.faq[0]

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=missed)
            form = await discord_.press(sent, "nvidia:ask")
            assert form.type == 9, "a modal"
            modal = form.payload["data"]
            (text_input,) = [c for row in modal["components"] for c in row["components"]]
            assert text_input["type"] == 4 and text_input["max_length"] == 500 and text_input["required"]

            submitted = modal_submit(modal["custom_id"], {text_input["custom_id"]: faq.question})
            answer = await discord_.respond(interaction_payload(MODAL_SUBMIT, submitted, message=sent.message))
            assert answer.type == 4 and answer.embeds[0]["title"] == faq.question
            assert answer.embeds[0]["fields"] and not answer.ephemeral
            assert "nvidia:ask" not in [b["custom_id"] for b in answer.buttons], "answered: no rephrase button"
            assert_well_formed(answer)

    run(scenario)


def test_vote_refs_round_trip() -> None:
    answered = Answer("Q?", "answered", "A.", 0.9, match=Match("fact", "mistral-compute-chips"))
    assert vote_ref(answered) == "fact:mistral-compute-chips"
    assert feedback_key(vote_ref(answered), "Q?") == answer_key(answered)
    topic = Answer("Mistral Compute", "answered", "A.", 1.0)
    assert feedback_key(vote_ref(topic), "Mistral Compute") == answer_key(topic)
    long_id = Answer("Q?", "answered", "A.", 0.9, match=Match("faq", "x" * 120))
    assert vote_ref(long_id) == "answered", "ids too long for a custom_id fall back to the status"
