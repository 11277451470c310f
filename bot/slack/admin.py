"""``/nvidia admin ...``: moderators correct and retire what the bot knows, from Slack.

The words are parsed by the shared grammar (:func:`bot.chat.grammar.parse`)
and run by the shared execution (:func:`bot.chat.moderation.run_admin`) on the
knowledge base's own connection (``Curator.of(kb)``, which reloads the answers
after each change); this module adds only Slack's part: who is a moderator
(:func:`bot.slack.permissions.slack_is_moderator`, on every command and again
when a form is submitted), opening the fact edit form through ``views.open``,
and saving it with the version it started from as ``expect_version``.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.chat.grammar import AcceptProposal, AdminCommand, RejectProposal, Usage
from bot.chat.moderation import (
    NOT_ALLOWED,
    SAVE_APOLOGY,
    FormNeeded,
    SourceForm,
    SourceFormNeeded,
    add_source,
    moderator_actor,
    refusal,
    run_admin,
    saved_text,
    source_form_problems,
)
from bot.config import Settings
from bot.core.curation import Curator
from bot.core.edits import Actor, ConflictError, CurationError
from bot.core.service import KnowledgeBase
from bot.core.validation import ValidationError
from bot.logging_setup import request_scope
from bot.slack.admin_blocks import (
    STALE_FORM,
    fact_edit_view,
    form_errors,
    modal_errors,
    read_fact_form,
    read_source_form,
    render_outcome,
    source_add_view,
    source_errors,
    with_record,
)
from bot.slack.blocks import SlackMessage, notice
from bot.slack.permissions import slack_is_moderator

log = logging.getLogger(__name__)

PLATFORM = "slack"
NO_TRIGGER = "Slack did not send what is needed to open a form; please try again."
POSTER_THREADS = 4


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
        self._poster = ThreadPoolExecutor(max_workers=POSTER_THREADS, thread_name_prefix="slack-admin")

    # -- who may --------------------------------------------------------------------------------------

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
            return True  # no Web API call for the common case
        return slack_is_moderator(user_id, self.settings, self.usergroup_members(client))

    # -- commands -------------------------------------------------------------------------------------

    def command(self, command: AdminCommand | Usage, *, client: WebClient, user_id: str, user_name: str | None,
                trigger_id: str | None, channel_id: str | None) -> SlackMessage | None:
        """The reply to ``/nvidia admin ...`` (parsed); None when a form was opened instead."""
        if not self.is_moderator(client, user_id):
            log.info("slack: refused a moderator command", extra={"platform": PLATFORM})
            return notice(NOT_ALLOWED)
        if isinstance(command, Usage):
            return notice(command.text)
        outcome = run_admin(Curator.of(self.kb), moderator_actor(PLATFORM, user_id, user_name), command)
        if not isinstance(outcome, FormNeeded | SourceFormNeeded):
            return render_outcome(outcome)
        if not trigger_id:
            return notice(NO_TRIGGER)
        if isinstance(outcome, SourceFormNeeded):
            client.views_open(trigger_id=trigger_id, view=source_add_view(channel_id))
        else:
            client.views_open(trigger_id=trigger_id, view=fact_edit_view(outcome.record, channel_id))
        return None

    def proposal_button(self, verb: str, value: str, *, client: WebClient, user_id: str,
                        user_name: str | None) -> SlackMessage:
        """Accept or reject the proposal a button names, as the moderator who pressed it (checked again)."""
        if not self.is_moderator(client, user_id):
            return notice(NOT_ALLOWED)
        if not (value.isascii() and value.isdigit()) or len(value) > 9 or verb not in ("accept", "reject"):
            return notice(STALE_FORM)
        number = int(value)
        command = AcceptProposal(number) if verb == "accept" else RejectProposal(number, "rejected from Slack")
        return render_outcome(run_admin(Curator.of(self.kb), moderator_actor(PLATFORM, user_id, user_name), command))

    # -- the add-an-article form ----------------------------------------------------------------------------

    def check_source_form(self, view: dict[str, Any], *, client: WebClient,
                          user_id: str) -> tuple[dict[str, Any] | None, SourceForm | None, str | None]:
        """The ack for a submitted article form (None closes it), and the form to add when it passed."""
        read = read_source_form(view)
        if read is None:
            return {"response_action": "errors", "errors": {"text": STALE_FORM}}, None, None
        if not self.is_moderator(client, user_id):
            return {"response_action": "errors", "errors": {"text": NOT_ALLOWED}}, None, None
        form, channel = read
        problems = source_form_problems(form)
        if problems is not None:
            return source_errors(problems), None, None
        return None, form, channel

    def add_source(self, form: SourceForm, actor: Actor) -> SlackMessage:
        """Add the article and propose its facts (seconds for a long one: run after the ack)."""
        return render_outcome(add_source(Curator.of(self.kb), actor, form, lambda text: self.kb.matcher.match(text)))

    def on_source_add_submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        """Bolt's view_submission listener: quick checks before the ack (errors go on the form), the rest after."""
        user = body.get("user") or {}
        user_id = str(user.get("id") or "")
        try:
            with request_scope():
                errors, form, channel = self.check_source_form(view, client=client, user_id=user_id)
        except Exception:
            log.exception("slack: checking the article form failed")
            errors, form, channel = None, None, None
            self._poster.submit(self._post, client, notice(SAVE_APOLOGY), None, user_id)
        if errors is not None:
            ack(**errors)
            return
        ack()
        if form is not None and user_id:
            actor = moderator_actor(PLATFORM, user_id, user.get("name") or user.get("username"))
            self._poster.submit(self._add_and_post, client, form, actor, channel, user_id)

    def _add_and_post(self, client: WebClient, form: SourceForm, actor: Actor, channel: str | None,
                      user_id: str) -> None:
        try:
            with request_scope():
                message = self.add_source(form, actor)
        except Exception:
            log.exception("slack: adding an article failed")
            message = notice(SAVE_APOLOGY)
        self._post(client, message, channel, user_id)

    # -- the edit form ----------------------------------------------------------------------------------

    def submit_fact_edit(self, view: dict[str, Any], *, client: WebClient, user_id: str,
                         user_name: str | None) -> Submission:
        """Save the edit form with the version it started from; validation problems go back onto the form."""
        form = read_fact_form(view)
        if form is None:
            return Submission(form_errors(STALE_FORM), None, None)
        if not self.is_moderator(client, user_id):
            return Submission(form_errors(NOT_ALLOWED), None, None)
        actor = moderator_actor(PLATFORM, user_id, user_name)
        try:
            change = Curator.of(self.kb).edit_fact(actor, form.id, statement=form.statement, quote=form.quote,
                                                   expect_version=form.version, reason=form.reason)
        except ValidationError as exc:
            return Submission(modal_errors(exc), None, None)
        except ConflictError as exc:
            return Submission(None, render_outcome(refusal(exc)), form.channel)
        except CurationError as exc:
            return Submission(form_errors(str(exc)), None, None)
        return Submission(None, with_record(saved_text("Saved", change.record), change.record), form.channel)

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
            outcome = Submission(None, notice(SAVE_APOLOGY), None)
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
