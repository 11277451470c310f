"""Reads a chat message the way a person would before the question in it is matched.

A message in Discord or Slack carries more than its question: mentions of
the bot or of everyone, in either platform's syntax. They address people,
not the knowledge base, so they are taken out before matching. The terminal
and the command line read text pasted from either platform, so the syntax of
both is known here rather than in one adapter.
"""

from __future__ import annotations

import re

from bot.core.text import collapse_space

MENTION = re.compile(r"<[@#!][^<>\s]{1,80}>|@everyone|@here|@channel", re.IGNORECASE)
"""Discord's ``<@id>``/``<@!id>``/``<@&role>``/``<#channel>``, Slack's ``<@U…>``/``<!here>``, and broadcasts."""


def question_of(message: str) -> str:
    """The message without the words that address people rather than ask something."""
    return collapse_space(MENTION.sub(" ", message))
