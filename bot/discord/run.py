"""Starts the Discord bot (placeholder until the adapter moves here)."""

from bot.chat.discord_app import run_discord

__all__ = ["run_discord"]
