"""Thin chat adapters (terminal, Discord, Slack) over the core."""
