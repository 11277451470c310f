"""The user commands run against a real knowledge base, as every platform runs them."""

from __future__ import annotations

import pytest

from bot.chat.commands import MAX_ECHO, NO_QUESTION_TEXT, ErrorReply, ask, run_command
from bot.core.service import KnowledgeBase
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
