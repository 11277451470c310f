"""Who is a moderator on Slack: the user ids the operator lists, or members of one user group.

A user may use ``/nvidia admin`` if their user id is in
``SLACK_MODERATOR_IDS``, or, when ``SLACK_MODERATOR_USERGROUP`` is set, if
they are a member of that user group. The adapter fetches the members
(``usergroups.users.list``) and passes them in; ``None`` means they could not
be fetched, and then only the listed ids count (fail closed). The check is
made on every admin command and again when a modal is submitted.
"""

from __future__ import annotations

from bot.config import Settings


def slack_is_moderator(user_id: str, settings: Settings, usergroup_members: set[str] | None) -> bool:
    """A listed user id, or a member of the configured user group (when its members could be fetched)."""
    user = (user_id or "").strip()
    if not user:
        return False
    if user in settings.slack_moderator_ids:
        return True
    return bool(settings.slack_moderator_usergroup) and usergroup_members is not None and user in usergroup_members
