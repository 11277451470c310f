"""The judge behind ``eval``: an answer is right when the whole reply holds every expected group."""

from __future__ import annotations

from bot.core.evaluation import Item, is_correct
from bot.core.models import Answer

WHERE = Answer("where?", "answered", "It is built in Essonne, France.", 0.95)
HOW_MANY = Answer("how many?", "answered", "It uses 18,000 chips.", 0.93)
BOTH = Item("where is it built and how many chips?", expect=(("essonne",), ("18000",)))


def test_a_two_question_message_is_right_when_the_reply_answers_both() -> None:
    reply = Answer(BOTH.q, "answered", WHERE.text, WHERE.confidence, parts=(HOW_MANY,))
    assert is_correct(BOTH, reply)


def test_a_two_question_message_answered_only_in_part_is_wrong() -> None:
    assert not is_correct(BOTH, Answer(BOTH.q, "answered", WHERE.text, WHERE.confidence))


def test_an_out_of_scope_question_is_right_only_when_nothing_is_answered() -> None:
    trap = Item("what does it cost?", abstain=True)
    assert is_correct(trap, Answer(trap.q, "no_answer", None, 0.0))
    assert not is_correct(trap, WHERE)
