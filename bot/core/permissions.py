"""Who may change the knowledge base: the whole permission model, in one module.

The model
---------
- **Command line**: whoever can run ``python -m bot`` can already write the
  database file, so the CLI checks nothing; it only makes the operator name
  themselves (``--by NAME``) for the audit log.
- **Discord**: a member may use ``/nvidia-admin`` if they have the *Manage
  Server* permission (``manage_guild``) in the server where the command runs,
  or hold one of the roles in ``DISCORD_MODERATOR_ROLE_IDS``. Outside a server
  (a direct message) there is no member and no role: never a moderator.
- **Slack**: a user may use ``/nvidia admin`` if their user id is in
  ``SLACK_MODERATOR_IDS``, or, when ``SLACK_MODERATOR_USERGROUP`` is set, if
  they are a member of that user group. The adapter fetches the members
  (``usergroups.users.list``) and passes them in; ``None`` means they could not
  be fetched, and then only the listed ids count (fail closed).
- **Everyone else** gets :data:`NOT_ALLOWED`, privately (an ephemeral reply on
  both platforms), and nothing changes.

The adapters check on every admin command and again when a modal is
submitted, since roles can change between opening a form and saving it.
The checks take plain values, not discord.py or Bolt objects, so this module
stays platform-free and is tested without either library.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.config import Settings
from bot.core.curation import Actor

NOT_ALLOWED = (
    "Sorry, only moderators can change what I know, so nothing was changed. "
    "Ask a server admin if you think you should be one."
)
"""The private reply to anyone else who tries a moderator command."""


def discord_is_moderator(member_permissions_manage_guild: bool, role_ids: Iterable[int], settings: Settings) -> bool:
    """Manage Server, or one of the configured moderator roles (pass ``member.guild_permissions.manage_guild``)."""
    if member_permissions_manage_guild:
        return True
    allowed = settings.discord_moderator_role_ids
    return bool(allowed) and any(int(role) in allowed for role in role_ids)


def slack_is_moderator(user_id: str, settings: Settings, usergroup_members: set[str] | None) -> bool:
    """A listed user id, or a member of the configured user group (when its members could be fetched)."""
    user = (user_id or "").strip()
    if not user:
        return False
    if user in settings.slack_moderator_ids:
        return True
    return bool(settings.slack_moderator_usergroup) and usergroup_members is not None and user in usergroup_members


def moderator_actor(platform: str, user_id: str, display_name: str | None = None) -> Actor:
    """How a chat moderator is named in the audit log: their display name and platform id.

    A display name the audit log would refuse (a link, a mention, too long) is left out, so a
    moderator's odd nickname never blocks their edit.
    """
    if display_name and display_name != user_id:
        named = Actor(f"{display_name[:60]} ({user_id})", platform)
        if not named.problems():
            return named
    return Actor(str(user_id), platform)
