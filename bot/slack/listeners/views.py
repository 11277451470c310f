"""The moderator's fact edit form: saved before the ack, because the ack carries any errors back onto the form."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.admin_blocks import EDIT_FACT_CALLBACK
from bot.slack.bot import SlackBot


def register(app: App, bot: SlackBot) -> None:
    """Attach the edit form's view_submission listener to ``app``."""
    app.view(EDIT_FACT_CALLBACK)(bot.admin.on_fact_edit_submit)
