"""The user commands run against a real knowledge base, as every platform runs them."""

from __future__ import annotations

import pytest

from bot.chat.commands import MAX_ECHO, NO_QUESTION_TEXT, ErrorReply, ask, run_command, together
from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from bot.core.tuning import PARTLY_ANSWERED_CAP
from bot.core.unanswered import groups


@pytest.mark.parametrize("message", ["@everyone", "<@123> <@&456> @here", "<!channel>", "@everyone?", "hi bot 👋"])
def test_a_message_of_nothing_but_mentions_is_not_taken_for_a_question(kb: KnowledgeBase, message: str) -> None:
    answer = ask(kb, message, platform="discord")
    assert (answer.status, answer.text, answer.match, answer.citations) == ("no_answer", NO_QUESTION_TEXT, None, ())
    kb.store.behind.flush()  # unanswered questions are saved behind the answers
    assert groups(kb.store) == [], "nothing was asked, so nothing is queued for moderators"


def test_ask_with_only_a_mention_says_it_got_no_question(kb: KnowledgeBase) -> None:
    answer = run_command(kb, "ask @everyone", platform="slack")
    assert getattr(answer, "text", None) == NO_QUESTION_TEXT


def test_the_question_beside_a_mention_is_still_answered(kb: KnowledgeBase) -> None:
    answer = ask(kb, "@here how many chips will Mistral Compute use?", platform="discord")
    assert answer.status == "answered" and answer.match is not None and "18,000" in (answer.text or "")


def test_an_unknown_topic_is_named_back_shortened_not_echoed_whole(kb: KnowledgeBase) -> None:
    reply = run_command(kb, "fact " + "x" * 100_000, platform="terminal")
    assert isinstance(reply, ErrorReply) and reply.text.startswith("No topic called 'xxx")
    assert len(reply.text) <= MAX_ECHO + 60, "the name cut, the rest of the sentence kept"


def test_a_message_of_two_questions_is_one_reply_led_by_an_answer(kb: KnowledgeBase) -> None:
    reply = ask(kb, "where is mistral compute being built? and how many chips will it use?", platform="discord")
    assert reply.status == "answered" and len(reply.parts) == 1
    both = " ".join([reply.text or "", *(p.text or "" for p in reply.parts)])
    assert "Essonne" in both and "18,000" in both


def test_a_reply_leaving_one_question_unanswered_is_not_shown_as_sure(kb: KnowledgeBase) -> None:
    """The answered question leads, whatever its place in the message, and the reply's confidence is capped."""
    reply = ask(kb, "what is the weather in Lisbon tomorrow? and how many chips will Mistral Compute use?",
                platform="discord")
    assert reply.status == "answered" and "18,000" in (reply.text or "")
    assert [p.status for p in reply.parts] != ["answered"]
    assert reply.confidence <= PARTLY_ANSWERED_CAP


def test_a_reply_of_several_answers_is_as_sure_as_its_least_sure_one() -> None:
    """A sure first answer does not lend its confidence to a doubtful second one in the same reply."""
    sure = Answer("what's the German AI factory?", "answered", "The world's first industrial AI cloud.", 0.98)
    doubtful = Answer("which telcos are on board?", "answered", "Some answer.", 0.53)
    reply = together([sure, doubtful])
    assert reply.text == sure.text and reply.parts == (doubtful,)
    assert reply.confidence == 0.53


def test_a_second_question_about_the_same_thing_gets_its_own_answer(kb: KnowledgeBase) -> None:
    """"Who's joining Lepton, and what does it do?": the members' answer does not answer what Lepton does."""
    reply = ask(kb, "who's joining lepton and what does it actually do?", platform="discord")
    assert reply.status == "answered" and len(reply.parts) == 1
    assert reply.parts[0].match != reply.match
