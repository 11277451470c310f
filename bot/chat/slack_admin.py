"""``/nvidia admin ...``: moderators correct and retire what the bot knows, from Slack.

A thin layer over :class:`bot.core.curation.Curator` and :mod:`bot.core.unanswered`:
it checks who is asking (:func:`bot.core.permissions.slack_is_moderator`), parses
the words after ``admin``, runs the core call and renders the outcome as an
ephemeral Block Kit message, escaped and within Slack's limits. Multi-field edits
open a modal through ``views.open``; its ``private_metadata`` carries the version
the form started from, which goes back to the core as ``expect_version``.

Bolt runs listeners on threads, so every request works on its own connection
(``Store.open(..., load=False)``); the knowledge base picks the commit up through
SQLite's ``data_version``. The moderator check runs again when a modal is submitted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.chat.moderation import NOT_ALLOWED, moderator_actor
from bot.chat.render_slack import (
    MAX_FALLBACK_TEXT,
    SlackMessage,
    capped,
    context,
    cut,
    escape,
    fit,
    notice,
    section,
)
from bot.config import Settings
from bot.core import unanswered
from bot.core.curation import (
    Actor,
    ConflictError,
    CurationError,
    Curator,
    Entity,
    Record,
    Version,
    value_dict,
)
from bot.core.models import Fact
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.core.validation import MAX_QUOTE, MAX_STATEMENT, ValidationError
from bot.logging_setup import request_scope
from bot.slack.permissions import slack_is_moderator

log = logging.getLogger(__name__)

PLATFORM = "slack"
ADMIN_WORD = "admin"
EDIT_FACT_CALLBACK = "nvidia_admin_fact_edit"
"""The ``callback_id`` of the fact edit modal."""
APOLOGY = "Sorry, something went wrong on my side while saving that. Please try again in a moment."
UNANSWERED_SHOWN = 10
MAX_MODAL_TITLE = 24
MAX_METADATA = 3000
MAX_REASON = 500
MAX_ERROR_TEXT = 1000
FIELD_TEXT = 1500
"""How much of one field a record shows (a section holds 3000)."""

HELP = """\
*Moderator commands* (only you see the replies):
• `/nvidia admin fact edit ID`: edit a fact's statement and quote in a form
• `/nvidia admin fact retire ID [reason]` · `/nvidia admin fact restore ID`
• `/nvidia admin faq phrase ID add|remove TEXT`: add or remove an alternate phrasing
• `/nvidia admin history fact|faq ID`: every version of an entry
• `/nvidia admin revert fact|faq ID VERSION`: write an old version back (a new, logged change)
• `/nvidia admin unanswered`: the most asked questions I could not answer
• `/nvidia admin unanswered attach ID FAQ_ID` · `/nvidia admin unanswered dismiss ID`"""

USAGE = "I did not understand that moderator command. Try `/nvidia admin help`."


def is_admin(text: str) -> bool:
    """Whether ``/nvidia`` text is a moderator command (``admin ...``)."""
    words = text.split()
    if words and words[0].lower() in ("/nvidia", "nvidia"):
        words = words[1:]
    return bool(words) and words[0].lower() == ADMIN_WORD


def _words_after_admin(text: str) -> str:
    words = text.split(None, 1)
    if words and words[0].lower() in ("/nvidia", "nvidia"):
        words = words[1:] and words[1].split(None, 1)
    if words and words[0].lower() == ADMIN_WORD:
        words = words[1:]
    return words[0].strip() if words else ""


class Usage(CurationError):
    """The command was not understood."""


# -- rendering --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)


def private(text: str, blocks: list[dict[str, Any]]) -> SlackMessage:
    """An ephemeral message: ``text`` is the raw fallback, ``blocks`` already escaped."""
    return SlackMessage(fit(text, MAX_FALLBACK_TEXT), capped(blocks[:1], blocks[1:], [], "lines"), private=True)


def record_blocks(record: Record) -> list[dict[str, Any]]:
    """Every field of an entry, its version and whether it is retired."""
    state = "retired" if record.retired else "live"
    blocks = [context(f"{escape(record.entity)} `{escape(record.id)}` · version {record.version} · {state}")]
    for name, value in value_dict(record.value).items():
        if name in ("id", "canonical"):
            continue
        blocks.append(section(f"*{escape(name.capitalize())}*\n{cut(escape(_text(value)), FIELD_TEXT)}"))
    return blocks


def saved(verb: str, record: Record) -> SlackMessage:
    """The reply to a change that went through."""
    head = f"{verb} {record.entity} `{record.id}`; it is now at version {record.version}."
    return private(head, [section(escape(head)), *record_blocks(record)])


def history_message(entity: str, entry_id: str, versions: list[Version]) -> SlackMessage:
    """Every version of an entry, newest first."""
    head = f"History of {entity} `{entry_id}`: {len(versions)} version(s). `/nvidia admin revert` writes one back."
    items = []
    for version in reversed(versions):
        line = f"*v{version.version}* · {version.action} · {version.actor} ({version.platform}) · {version.at}"
        summary = version.record.summary() if version.record else "(no snapshot)"
        text = f"{escape(line)}\n{cut(escape(summary), FIELD_TEXT)}"
        if version.reason:
            text += f"\nReason: {cut(escape(version.reason), MAX_REASON)}"
        items.append(section(text))
    return private(head, [section(escape(head)), *items])


def unanswered_message(groups: list[unanswered.Group]) -> SlackMessage:
    """The most asked open questions, with the id that attach and dismiss take."""
    if not groups:
        return notice("No open unanswered questions. Nice.")
    head = ("Unanswered questions, most asked first. Attach one with `/nvidia admin unanswered attach ID FAQ_ID` "
            "or drop it with `/nvidia admin unanswered dismiss ID`.")
    items = []
    for group in groups:
        wordings = "\n".join(f"• {cut(escape(w), 300)}" for w in group.wordings)
        items.append(section(f"*#{group.id}* · asked {group.count}× · last {escape(group.last_seen)}\n{wordings}"))
    return private(head, [section(escape(head)), *items])


def refusal(exc: Exception) -> SlackMessage:
    """What a refused change tells the moderator (never a traceback)."""
    if isinstance(exc, ValidationError):
        lines = "\n".join(f"• {p}" for p in exc.problems) or f"• {exc}"
        return notice(f"Nothing was changed; the change was refused:\n{lines}")
    if isinstance(exc, ConflictError):
        head = (
            f"Nothing was saved: {exc.current.entity} `{exc.current.id}` was changed by someone else and is now at "
            f"version {exc.current.version} (you started from version {exc.expected}). The newer version is below; "
            "open the form again to edit it."
        )
        return private(head, [section(escape(head)), *record_blocks(exc.current)])
    if isinstance(exc, Usage):
        return notice(str(exc))
    return notice(f"Nothing was changed: {exc}")


# -- the edit modal -----------------------------------------------------------------------------------


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def _input(block_id: str, label: str, *, initial: str | None, limit: int, optional: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": True,
                               "max_length": limit}
    if initial:
        element["initial_value"] = initial[:limit]
    return {"type": "input", "block_id": block_id, "label": _plain(label, 2000), "element": element,
            "optional": optional}


def fact_edit_view(record: Record, channel_id: str | None) -> dict[str, Any]:
    """The modal that edits a fact's statement and quote, prefilled, remembering the version it started from."""
    fact = record.value
    assert isinstance(fact, Fact)
    metadata = json.dumps({"id": record.id, "version": record.version, "channel": channel_id})
    return {
        "type": "modal",
        "callback_id": EDIT_FACT_CALLBACK,
        "title": _plain("Edit fact", MAX_MODAL_TITLE),
        "submit": _plain("Save", MAX_MODAL_TITLE),
        "close": _plain("Cancel", MAX_MODAL_TITLE),
        "private_metadata": metadata[:MAX_METADATA],
        "blocks": [
            {"type": "context", "elements": [{
                "type": "mrkdwn", "verbatim": True,
                "text": cut(f"fact `{escape(record.id)}` · version {record.version} · source "
                            f"`{escape(fact.source_id)}`. Every number in the statement must be in the quote, "
                            "and the quote must be verbatim in the source.", 2000),
            }]},
            _input("statement", "Statement", initial=fact.statement, limit=MAX_STATEMENT),
            _input("quote", "Quote (verbatim from the source)", initial=fact.quote, limit=MAX_QUOTE),
            _input("reason", "Reason (for the audit log)", initial=None, limit=MAX_REASON, optional=True),
        ],
    }


def _field(values: dict[str, Any], block_id: str) -> str | None:
    value = ((values.get(block_id) or {}).get("value") or {}).get("value")
    return value if isinstance(value, str) else None


def modal_errors(exc: ValidationError) -> dict[str, str]:
    """Validation problems on the modal's blocks (a quote problem on the quote, the rest on the statement)."""
    errors: dict[str, list[str]] = {}
    for problem in exc.problems:
        text = str(problem.message)
        block = "quote" if "quote" in text.lower() and "statement" not in text.lower() else "statement"
        errors.setdefault(block, []).append(text)
    if not errors:
        errors["statement"] = [str(exc)]
    return {block: "; ".join(texts)[:MAX_ERROR_TEXT] for block, texts in errors.items()}


# -- the handler ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """What a view_submission answers: the ack payload (None closes the modal) and a message to post after."""

    ack: dict[str, Any] | None
    message: SlackMessage | None
    channel: str | None


class SlackAdmin:
    """The moderator commands, on the bot's knowledge base and settings."""

    def __init__(self, kb: KnowledgeBase, settings: Settings) -> None:
        self.kb = kb
        self.settings = settings
        self._poster = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slack-admin")

    # -- who may ------------------------------------------------------------------------------------

    def usergroup_members(self, client: WebClient) -> set[str] | None:
        """The configured user group's members, or None (not configured, or the call failed: fail closed)."""
        group = self.settings.slack_moderator_usergroup
        if not group:
            return None
        try:
            response = client.usergroups_users_list(usergroup=group)
            return {str(u) for u in response.get("users") or []}
        except Exception as exc:
            log.warning("slack: could not list the moderator user group: %s", type(exc).__name__)
            return None

    def is_moderator(self, client: WebClient, user_id: str) -> bool:
        """A listed user id, or (when configured) a member of the moderator user group."""
        if user_id in self.settings.slack_moderator_ids:
            return True
        return slack_is_moderator(user_id, self.settings, self.usergroup_members(client))

    # -- the core -------------------------------------------------------------------------------------

    @contextmanager
    def curator(self) -> Iterator[Curator]:
        """A curator on its own connection (listeners run on threads); closed afterwards."""
        store = Store.open(self.kb.store.path, load=False)
        try:
            yield Curator(store)
        finally:
            store.close()

    def command(self, text: str, *, client: WebClient, user_id: str, user_name: str | None,
                trigger_id: str | None, channel_id: str | None) -> SlackMessage | None:
        """The reply to ``/nvidia admin ...``; None when a modal was opened instead."""
        if not self.is_moderator(client, user_id):
            log.info("slack: refused a moderator command", extra={"platform": PLATFORM})
            return notice(NOT_ALLOWED)
        words = _words_after_admin(text).split()
        if not words or words[0].lower() == "help":
            return private(HELP, [section(HELP)])
        actor = moderator_actor(PLATFORM, user_id, user_name)
        try:
            with self.curator() as curator:
                if [w.lower() for w in words[:2]] == ["fact", "edit"]:
                    record = curator.get("fact", _one(words[2:], "ID"))
                    if not trigger_id:
                        raise Usage("Slack did not send what is needed to open a form; please try again.")
                    client.views_open(trigger_id=trigger_id, view=fact_edit_view(record, channel_id))
                    return None
                return self._run(curator, actor, text, words)
        except (CurationError, ValidationError) as exc:
            return refusal(exc)

    def _run(self, curator: Curator, actor: Actor, text: str, words: list[str]) -> SlackMessage:
        verb = [w.lower() for w in words]
        rest = _words_after_admin(text)
        if verb[:2] in (["fact", "retire"], ["fact", "restore"]):
            entry_id = _need(words, 2, "ID")
            if verb[1] == "retire":
                reason = rest.split(None, 3)[3] if len(words) > 3 else None
                return saved("Retired", curator.retire(actor, "fact", entry_id, reason=reason).record)
            _none_after(words, 3)
            return saved("Restored", curator.restore(actor, "fact", entry_id).record)
        if verb[:2] == ["faq", "phrase"]:
            entry_id, how = _need(words, 2, "ID"), _need(verb, 3, "add|remove")
            phrase = rest.split(None, 4)[4].strip() if len(words) > 4 else ""
            if how not in ("add", "remove") or not phrase:
                raise Usage("Use `/nvidia admin faq phrase ID add|remove TEXT`.")
            if how == "add":
                change = curator.edit_faq(actor, entry_id, add_phrasings=[phrase])
            else:
                change = curator.edit_faq(actor, entry_id, remove_phrasings=[phrase])
            return saved("Updated the phrasings of", change.record)
        if verb[:1] == ["history"]:
            entity = _entity(_need(verb, 1, "fact|faq"))
            entry_id = _need(words, 2, "ID")
            _none_after(words, 3)
            return history_message(entity, entry_id, curator.history(entity, entry_id))
        if verb[:1] == ["revert"]:
            entity = _entity(_need(verb, 1, "fact|faq"))
            entry_id, version = _need(words, 2, "ID"), _number(_need(words, 3, "VERSION"))
            _none_after(words, 4)
            return saved(f"Reverted to version {version}:", curator.revert(actor, entity, entry_id, version).record)
        if verb[:1] == ["unanswered"]:
            return self._unanswered(curator, actor, verb, words)
        raise Usage(USAGE)

    def _unanswered(self, curator: Curator, actor: Actor, verb: list[str], words: list[str]) -> SlackMessage:
        if len(words) == 1:
            return unanswered_message(unanswered.groups(curator.store, limit=UNANSWERED_SHOWN))
        if verb[1] == "attach":
            question, faq_id = _number(_need(words, 2, "ID")), _need(words, 3, "FAQ_ID")
            _none_after(words, 4)
            result = unanswered.attach(curator, actor, question, faq_id)
            assert result.change is not None
            head = f"Attached question #{result.group.id} ({result.group.count} asked) to faq `{faq_id}` as a phrasing."
            return private(head, [section(escape(head)), *record_blocks(result.change.record)])
        if verb[1] == "dismiss":
            question = _number(_need(words, 2, "ID"))
            _none_after(words, 3)
            result = unanswered.dismiss(curator, actor, question)
            return notice(f"Dismissed question #{result.group.id} ({result.group.count} asked); the knowledge base "
                          "is unchanged.")
        raise Usage("Use `/nvidia admin unanswered`, `... attach ID FAQ_ID` or `... dismiss ID`.")

    # -- the modal ------------------------------------------------------------------------------------

    def submit_fact_edit(self, view: dict[str, Any], *, client: WebClient, user_id: str,
                         user_name: str | None) -> Submission:
        """Save the edit form with the version it started from; validation problems go back onto the form."""
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            entry_id, version, channel = str(meta["id"]), int(meta["version"]), meta.get("channel")
        except (ValueError, KeyError, TypeError):
            return Submission({"response_action": "errors",
                               "errors": {"statement": "This form is out of date; please open it again."}}, None, None)
        if not self.is_moderator(client, user_id):
            return Submission({"response_action": "errors", "errors": {"statement": NOT_ALLOWED}}, None, None)
        values = (view.get("state") or {}).get("values") or {}
        statement, quote, reason = _field(values, "statement"), _field(values, "quote"), _field(values, "reason")
        actor = moderator_actor(PLATFORM, user_id, user_name)
        try:
            with self.curator() as curator:
                change = curator.edit_fact(actor, entry_id, statement=statement, quote=quote,
                                           expect_version=version, reason=(reason or "").strip() or None)
        except ValidationError as exc:
            return Submission({"response_action": "errors", "errors": modal_errors(exc)}, None, None)
        except ConflictError as exc:
            return Submission(None, refusal(exc), channel)
        except CurationError as exc:
            return Submission({"response_action": "errors", "errors": {"statement": str(exc)[:MAX_ERROR_TEXT]}},
                              None, None)
        return Submission(None, saved("Saved", change.record), channel)


    def on_fact_edit_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        """Bolt's view_submission listener: the save runs before the ack, which must carry any form errors.

        The outcome is then posted ephemerally (or as a DM without a channel) off the request thread.
        """
        user = body.get("user") or {}
        user_id = str(user.get("id") or "")
        try:
            with request_scope():
                outcome = self.submit_fact_edit(view, client=client, user_id=user_id,
                                                user_name=user.get("name") or user.get("username"))
        except Exception:
            log.exception("slack: saving the fact edit form failed")
            outcome = Submission(None, notice(APOLOGY), None)
        if outcome.ack is not None:
            ack(**outcome.ack)
        else:
            ack()
        if outcome.message is not None and user_id:
            self._poster.submit(self._post, client, outcome.message, outcome.channel, user_id)

    def _post(self, client: WebClient, message: SlackMessage, channel: str | None, user_id: str) -> None:
        try:
            if channel:
                client.chat_postEphemeral(channel=channel, user=user_id, **message.payload())
            else:
                client.chat_postMessage(channel=user_id, unfurl_links=False, unfurl_media=False, **message.payload())
        except Exception:
            log.exception("slack: could not post the outcome of a moderator form")


def _need(words: list[str], index: int, name: str) -> str:
    if len(words) <= index:
        raise Usage(f"Missing {name}. {USAGE}")
    return words[index]


def _one(words: list[str], name: str) -> str:
    value = _need(words, 0, name)
    _none_after(words, 1)
    return value


def _none_after(words: list[str], count: int) -> None:
    if len(words) > count:
        raise Usage(f"Unexpected {' '.join(words[count:])[:100]!r}. {USAGE}")


def _number(word: str) -> int:
    if not word.lstrip("#").isdigit():
        raise Usage(f"{word[:50]!r} is not a number. {USAGE}")
    return int(word.lstrip("#"))


def _entity(word: str) -> Entity:
    if word == "fact":
        return "fact"
    if word == "faq":
        return "faq"
    raise Usage(f"Name `fact` or `faq`, not {word[:30]!r}. {USAGE}")

