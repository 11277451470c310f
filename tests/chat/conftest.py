"""Fixtures shared by the chat tests: the Slack app on 127.0.0.1 and its stub Web API."""

from tests.chat.test_slack_app import start_app, stub

__all__ = ["start_app", "stub"]
