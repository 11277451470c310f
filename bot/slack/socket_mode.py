"""Runs the Slack app over Socket Mode (placeholder until the adapter moves here)."""

from bot.chat.slack_app import run_socket_mode

__all__ = ["run_socket_mode"]
