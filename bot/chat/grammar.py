"""The one text grammar of ``/nvidia``: what the terminal and Slack parse, as typed commands.

Discord has typed application commands and never parses text; the terminal
and Slack receive words and turn them into the same values here, so a
command means the same in both. Parsing never touches the knowledge base:
it only says what was asked for, or why the words make no command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Entity = Literal["fact", "faq", "alias", "source"]

COMMAND_WORDS = ("/nvidia", "nvidia")
ADMIN_WORD = "admin"
ENTITY_WORDS: tuple[Entity, ...] = ("fact", "faq", "alias", "source")
SUBCOMMANDS = ("europe", "ask", "topics", "fact", "sources", "help")
"""The user subcommands, in the order help and Discord list them."""
MAX_WORD_ECHO = 50
"""How much of a word we did not understand is quoted back: enough to recognise, never a wall of text."""

USER_HELP = """\
Ask me about NVIDIA's European AI-infrastructure announcements; every answer quotes its source.
• `/nvidia europe`: the overview of the announcements
• `/nvidia ask <question>` (or just type the question): answers a question
• `/nvidia topics`: what I know about
• `/nvidia fact <topic>`: the facts on one topic
• `/nvidia sources`: the articles I rely on
• `/nvidia help`: this message
If I don't know, I say so rather than guess."""

ADMIN_HELP = """\
*Moderator commands* (only you see the replies):
• `/nvidia admin fact edit ID`: edit a fact's statement and quote in a form
• `/nvidia admin fact|faq retire ID [reason]` · `/nvidia admin fact|faq restore ID`
• `/nvidia admin faq phrase ID add|remove TEXT`: add or remove an alternate phrasing
• `/nvidia admin history fact|faq ID`: every version of an entry
• `/nvidia admin revert fact|faq ID VERSION`: write an old version back (a new, logged change)
• `/nvidia admin unanswered`: the most asked questions I could not answer
• `/nvidia admin unanswered attach ID FAQ_ID` · `/nvidia admin unanswered dismiss ID`
• `/nvidia admin source add`: add an article (a form to paste its text) and propose its facts
• `/nvidia admin proposals [SOURCE_ID]`: the proposed facts waiting for review
• `/nvidia admin proposal show|accept|reject ID [reason]`: review one proposed fact
• `/nvidia admin fact supersede OLD NEW`: a newer fact replaces an older one in answers (the older one is kept)"""

ADMIN_USAGE = "I did not understand that moderator command. Try `/nvidia admin help`."


# -- what people ask ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Help:
    """``/nvidia help`` (and ``/nvidia`` alone)."""


@dataclass(frozen=True)
class Europe:
    """``/nvidia europe``: the overview."""


@dataclass(frozen=True)
class Topics:
    """``/nvidia topics``."""


@dataclass(frozen=True)
class Sources:
    """``/nvidia sources``."""


@dataclass(frozen=True)
class FactLookup:
    """``/nvidia fact <key>``: a topic or entry by id (or the first one whose title contains the key)."""

    key: str


@dataclass(frozen=True)
class Ask:
    """A question, from ``/nvidia ask ...`` or typed on its own."""

    question: str


# -- what moderators do ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminHelp:
    """``/nvidia admin`` and ``/nvidia admin help``."""


@dataclass(frozen=True)
class EditFact:
    """``admin fact edit ID``: opens a form where the platform has forms."""

    id: str


@dataclass(frozen=True)
class Retire:
    """``admin fact|faq retire ID [reason]``."""

    entity: Entity
    id: str
    reason: str | None = None


@dataclass(frozen=True)
class Restore:
    """``admin fact|faq restore ID``."""

    entity: Entity
    id: str


@dataclass(frozen=True)
class Phrase:
    """``admin faq phrase ID add|remove TEXT``."""

    faq_id: str
    add: bool
    text: str


@dataclass(frozen=True)
class History:
    """``admin history fact|faq ID``."""

    entity: Entity
    id: str


@dataclass(frozen=True)
class Revert:
    """``admin revert fact|faq ID VERSION``."""

    entity: Entity
    id: str
    version: int


@dataclass(frozen=True)
class ListUnanswered:
    """``admin unanswered``."""


@dataclass(frozen=True)
class Attach:
    """``admin unanswered attach ID FAQ_ID``."""

    question_id: int
    faq_id: str


@dataclass(frozen=True)
class Dismiss:
    """``admin unanswered dismiss ID``."""

    question_id: int


@dataclass(frozen=True)
class AddSource:
    """``admin source add``: opens the form for an article's text where the platform has forms."""


@dataclass(frozen=True)
class ListProposals:
    """``admin proposals [SOURCE_ID]``: the open proposals, of one source or all."""

    source_id: str | None = None


@dataclass(frozen=True)
class ShowProposal:
    """``admin proposal show ID``."""

    id: int


@dataclass(frozen=True)
class AcceptProposal:
    """``admin proposal accept ID``: make the proposed fact (superseding the fact it updates)."""

    id: int


@dataclass(frozen=True)
class RejectProposal:
    """``admin proposal reject ID [reason]``."""

    id: int
    reason: str | None = None


@dataclass(frozen=True)
class Supersede:
    """``admin fact supersede OLD NEW``: the newer fact replaces the older one in answers."""

    old: str
    new: str


@dataclass(frozen=True)
class Usage:
    """Words that make no command; ``text`` says how to write it, privately."""

    text: str


UserCommand = Help | Europe | Topics | Sources | FactLookup | Ask
AdminCommand = (AdminHelp | EditFact | Retire | Restore | Phrase | History | Revert | ListUnanswered | Attach | Dismiss
                | AddSource | ListProposals | ShowProposal | AcceptProposal | RejectProposal | Supersede)
Command = UserCommand | AdminCommand | Usage


def parse(text: str) -> Command:
    """The command the words ask for; text that is no command is a question."""
    rest = _after_command_word(text.strip())
    head, tail = _split(rest)
    word = head.lower()
    if not word:
        return Help()
    if word == ADMIN_WORD:
        return _admin(tail)
    simple: dict[str, UserCommand] = {"help": Help(), "europe": Europe(), "topics": Topics(), "sources": Sources()}
    if word in simple:
        return simple[word]
    if word == "fact":
        return FactLookup(tail) if tail else Usage("Name a topic: `/nvidia fact <topic>` (see `/nvidia topics`).")
    if word == "ask":
        return Ask(tail) if tail else Usage("Ask a question: `/nvidia ask <question>`.")
    return Ask(rest)


def is_admin(command: Command) -> bool:
    """Whether a command changes or reveals moderation data (and so needs a moderator)."""
    return isinstance(command, AdminCommand)


def is_free(command: Command) -> bool:
    """Help and usage replies cost nothing: they never count against the rate limit."""
    return isinstance(command, Help | AdminHelp | Usage)


def _after_command_word(text: str) -> str:
    head, tail = _split(text)
    return tail if head.lower() in COMMAND_WORDS else text


def _split(text: str) -> tuple[str, str]:
    parts = text.split(None, 1)
    if not parts:
        return "", ""
    return parts[0], (parts[1].strip() if len(parts) > 1 else "")


def _admin(text: str) -> AdminCommand | Usage:
    words = text.split()
    verb = [w.lower() for w in words]
    if not words or verb == ["help"]:
        return AdminHelp()
    try:
        if verb[:2] == ["source", "add"]:
            _none_after(words, 2)
            return AddSource()
        if verb[:2] == ["fact", "supersede"]:
            old, new = _need(words, 2, "OLD"), _need(words, 3, "NEW")
            _none_after(words, 4)
            return Supersede(old, new)
        if verb[0] == "proposals":
            _none_after(words, 2)
            return ListProposals(words[1] if len(words) > 1 else None)
        if verb[0] == "proposal":
            return _proposal(verb, words, text)
        if verb[0] in ENTITY_WORDS and len(verb) > 1 and verb[1] in ("edit", "retire", "restore"):
            return _entry_verb(_entity(verb[0]), verb[1], words, text)
        if verb[:2] == ["faq", "phrase"]:
            faq_id, how = _need(words, 2, "ID"), _need(verb, 3, "add|remove")
            phrase = _tail_after(text, 4)
            if how not in ("add", "remove") or not phrase:
                return Usage("Use `/nvidia admin faq phrase ID add|remove TEXT`.")
            return Phrase(faq_id, how == "add", phrase)
        if verb[0] == "history":
            entity, entry_id = _entity(_need(verb, 1, "fact|faq")), _need(words, 2, "ID")
            _none_after(words, 3)
            return History(entity, entry_id)
        if verb[0] == "revert":
            entity, entry_id = _entity(_need(verb, 1, "fact|faq")), _need(words, 2, "ID")
            version = _number(_need(words, 3, "VERSION"))
            _none_after(words, 4)
            return Revert(entity, entry_id, version)
        if verb[0] == "unanswered":
            return _unanswered(verb, words)
    except _Refused as exc:
        return Usage(str(exc))
    return Usage(ADMIN_USAGE)


def _entry_verb(entity: Entity, verb: str, words: list[str], text: str) -> AdminCommand:
    entry_id = _need(words, 2, "ID")
    if verb == "edit":
        if entity != "fact":
            raise _Refused("Only facts have an edit form here: `/nvidia admin fact edit ID`.")
        _none_after(words, 3)
        return EditFact(entry_id)
    if verb == "retire":
        return Retire(entity, entry_id, _tail_after(text, 3) or None)
    _none_after(words, 3)
    return Restore(entity, entry_id)


def _unanswered(verb: list[str], words: list[str]) -> AdminCommand:
    if len(words) == 1:
        return ListUnanswered()
    if verb[1] == "attach":
        question, faq_id = _number(_need(words, 2, "ID")), _need(words, 3, "FAQ_ID")
        _none_after(words, 4)
        return Attach(question, faq_id)
    if verb[1] == "dismiss":
        question = _number(_need(words, 2, "ID"))
        _none_after(words, 3)
        return Dismiss(question)
    raise _Refused("Use `/nvidia admin unanswered`, `... attach ID FAQ_ID` or `... dismiss ID`.")


def _proposal(verb: list[str], words: list[str], text: str) -> AdminCommand:
    how = _need(verb, 1, "show|accept|reject")
    number = _number(_need(words, 2, "ID"))
    if how == "reject":
        return RejectProposal(number, _tail_after(text, 3) or None)
    _none_after(words, 3)
    if how == "show":
        return ShowProposal(number)
    if how == "accept":
        return AcceptProposal(number)
    raise _Refused("Use `/nvidia admin proposal show|accept|reject ID`.")


class _Refused(ValueError):
    """Words that make no command; the message says how to write it."""


def _tail_after(text: str, count: int) -> str:
    parts = text.split(None, count)
    return parts[count].strip() if len(parts) > count else ""


def _need(words: list[str], index: int, name: str) -> str:
    if len(words) <= index:
        raise _Refused(f"Missing {name}. {ADMIN_USAGE}")
    return words[index]


def _none_after(words: list[str], count: int) -> None:
    if len(words) > count:
        raise _Refused(f"Unexpected {' '.join(words[count:])[:MAX_WORD_ECHO]!r}. {ADMIN_USAGE}")


def _number(word: str) -> int:
    digits = word.lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
        raise _Refused(f"{word[:MAX_WORD_ECHO]!r} is not a number. {ADMIN_USAGE}")
    return int(digits)


def _entity(word: str) -> Entity:
    for entity in ENTITY_WORDS:
        if word == entity:
            return entity
    raise _Refused(f"Name `fact`, `faq`, `alias` or `source`, not {word[:MAX_WORD_ECHO]!r}. {ADMIN_USAGE}")
