"""What every Discord reply must satisfy, and questions the knowledge base answers a given way."""

from __future__ import annotations

import itertools
from typing import Any

import discord

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.discord import render
from tests.discord.fake_discord import Sent

WORDS = ["mistral", "chips", "germany", "france", "factories", "jensen", "quantum", "robots", "gap", "data",
         "centre", "telecom", "cloud", "lepton", "cars", "blackwell", "partners", "gigafactory"]
OFF_TOPIC = ["What is the weather on Mars tomorrow?", "bananas", "How do I bake sourdough bread?",
             "Who won the 1998 football world cup?"]


def question_with(kb: KnowledgeBase, status: str) -> str:
    """A question the current knowledge base answers with ``status`` (searched, not hard-coded).

    Asking writes unsure and unanswered questions to the queue: call it with a test's own ``kb``.
    """
    candidates = [kb.answers.data.faq[0].question] if status == "answered" else []
    candidates += OFF_TOPIC if status == "no_answer" else []
    candidates += [f"{a} {b}" for a, b in itertools.combinations(WORDS, 2)]
    for question in candidates:
        if kb.ask(question).status == status:
            return str(question)
    raise AssertionError(f"no {status} question found in the knowledge base")


def assert_well_formed(sent: Sent) -> None:
    """What every reply must satisfy: no pings, and embeds Discord would accept."""
    assert sent.allowed_mentions is not None
    assert sent.allowed_mentions.get("parse") == []
    assert not sent.allowed_mentions.get("users") and not sent.allowed_mentions.get("roles")
    embeds = [discord.Embed.from_dict(e) for e in sent.embeds]
    assert render.embed_problems(embeds) == []
    assert len(sent.content) <= 2000


def settings(**overrides: Any) -> Settings:
    """Settings with a cooldown too loose to get in a test's way (unless it sets its own)."""
    base: dict[str, Any] = {"user_rate": 1000, "channel_rate": 1000}
    return Settings(**(base | overrides))
