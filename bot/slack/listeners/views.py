"""The moderators' forms, answered within Slack's three seconds.

A fact edit is saved before the ack, which carries any errors back onto the
form; an article to add is checked before the ack and added after it, since
proposing its facts can take longer than Slack waits.
"""

from __future__ import annotations

from slack_bolt import App

from bot.slack.admin_blocks import ADD_SOURCE_CALLBACK, EDIT_FACT_CALLBACK
from bot.slack.bot import SlackBot


def register(app: App, bot: SlackBot) -> None:
    """Attach the forms' view_submission listeners to ``app``."""
    app.view(EDIT_FACT_CALLBACK)(bot.admin.on_fact_edit_submit)
    app.view(ADD_SOURCE_CALLBACK)(bot.admin.on_source_add_submit)
