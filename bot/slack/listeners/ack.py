"""The acknowledgement every lazy listener shares: ``ack()`` at once, before any work."""

from __future__ import annotations

from slack_bolt import Ack


def ack_now(ack: Ack) -> None:
    """Acknowledge within Slack's 3 seconds, before any work."""
    ack()
