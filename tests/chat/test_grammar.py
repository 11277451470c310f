"""The one text grammar: what the terminal and Slack parse, and the usage help for words that make no command."""

import pytest

from bot.chat.grammar import (
    AdminHelp,
    Ask,
    Attach,
    Dismiss,
    EditFact,
    Europe,
    FactLookup,
    Help,
    History,
    ListUnanswered,
    Phrase,
    Restore,
    Retire,
    Revert,
    Sources,
    Topics,
    Usage,
    is_free,
    parse,
)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", Help()),
        ("/nvidia", Help()),
        ("nvidia help", Help()),
        ("/nvidia europe", Europe()),
        ("TOPICS", Topics()),
        ("/nvidia sources", Sources()),
        ("/nvidia fact mistral-compute", FactLookup("mistral-compute")),
        ("/nvidia ask how many chips?", Ask("how many chips?")),
        ("how many chips?", Ask("how many chips?")),
        ("nvidia, how many chips?", Ask("nvidia, how many chips?")),
    ],
)
def test_user_commands(text: str, command: object) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/nvidia admin", AdminHelp()),
        ("admin help", AdminHelp()),
        ("/nvidia admin fact edit f1", EditFact("f1")),
        ("/nvidia admin fact retire f1 out of date now", Retire("fact", "f1", "out of date now")),
        ("/nvidia admin faq retire q1", Retire("faq", "q1", None)),
        ("/nvidia admin fact restore f1", Restore("fact", "f1")),
        ("/nvidia admin faq phrase q1 add what about   Lyon?", Phrase("q1", True, "what about   Lyon?")),
        ("/nvidia admin faq phrase q1 remove old wording", Phrase("q1", False, "old wording")),
        ("/nvidia admin history faq q1", History("faq", "q1")),
        ("/nvidia admin revert fact f1 #3", Revert("fact", "f1", 3)),
        ("/nvidia admin unanswered", ListUnanswered()),
        ("/nvidia admin unanswered attach 12 q1", Attach(12, "q1")),
        ("/nvidia admin unanswered dismiss #12", Dismiss(12)),
    ],
)
def test_admin_commands(text: str, command: object) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/nvidia fact", "Name a topic"),
        ("/nvidia ask", "Ask a question"),
        ("/nvidia admin revert fact f1 ²", "is not a number"),
        ("/nvidia admin revert fact f1 1e309", "is not a number"),
        ("/nvidia admin revert fact f1 99999999999999999999", "is not a number"),
        ("/nvidia admin history", "Missing fact|faq"),
        ("/nvidia admin history fact f1 extra", "Unexpected 'extra'"),
        ("/nvidia admin history topic f1", "Name `fact`"),
        ("/nvidia admin faq edit q1", "Only facts have an edit form"),
        ("/nvidia admin faq phrase q1 rename x", "add|remove"),
        ("/nvidia admin unanswered attach 3", "Missing FAQ_ID"),
        ("/nvidia admin frobnicate", "did not understand"),
    ],
)
def test_words_that_make_no_command_say_how_to_write_it(text: str, says: str) -> None:
    command = parse(text)
    assert isinstance(command, Usage) and says in command.text


def test_help_and_usage_are_free_but_questions_and_changes_are_not() -> None:
    assert is_free(parse("/nvidia help")) and is_free(parse("/nvidia admin")) and is_free(parse("/nvidia fact"))
    assert not is_free(parse("how many chips?")) and not is_free(parse("/nvidia admin unanswered"))


def test_a_long_unknown_word_is_not_echoed_whole() -> None:
    command = parse("/nvidia admin revert fact f1 " + "x" * 5000)
    assert isinstance(command, Usage) and len(command.text) < 200
