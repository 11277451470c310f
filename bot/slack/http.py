"""Serves the Slack app over HTTP (placeholder until the adapter moves here)."""

from bot.chat.slack_app import run_http

__all__ = ["run_http"]
