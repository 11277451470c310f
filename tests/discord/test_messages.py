"""Mentions and direct messages: answered as questions; everything else left alone."""

from __future__ import annotations

from typing import Any

from bot.core.service import KnowledgeBase
from tests.discord.checks import assert_well_formed, settings
from tests.discord.harness import connected, run
from tests.discord.payloads import (
    BOT_ID,
    BOT_ROLE_ID,
    BOT_USER,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    message_payload,
    user_payload,
)


def mention(text: str, **kwargs: Any) -> dict[str, Any]:
    return message_payload(content=f"<@{BOT_ID}> {text}", mentions=[BOT_USER], **kwargs)


def test_mentions_and_dms_are_answered_and_everything_else_ignored(kb: KnowledgeBase) -> None:
    question = kb.answers.data.faq[0].question

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            await discord_.message(message_payload(content=question))  # no mention
            await discord_.message(message_payload(content=f"@everyone {question}", mention_everyone=True))
            await discord_.message(mention(question, author=user_payload(5, bot=True)))  # another bot
            await discord_.message(mention(question, author=BOT_USER))  # itself
            await discord_.message(mention(question, webhook_id=99))
            await discord_.message(message_payload(content="") | {"guild_id": "1234"})  # a guild not in the cache
            await discord_.message(mention(f"@everyone <@{123}> {question}"))
            await discord_.wait_for(1)  # events are handled in order: the ignored ones are done by now
            await discord_.message(message_payload(content=question, guild=False, channel_id=DM_CHANNEL_ID))
            await discord_.message(message_payload(content=f"<@&{BOT_ROLE_ID}> {question}",
                                                   mention_roles=[BOT_ROLE_ID]))
            calls = await discord_.wait_for(3)
            assert len(calls) == 3, [c.text[:80] for c in calls]
            reply, dm, by_role = calls
            assert reply.path == f"/channels/{CHANNEL_ID}/messages"
            assert reply.payload["allowed_mentions"] == {"parse": [], "replied_user": False}
            assert reply.payload["message_reference"]["fail_if_not_exists"] is False
            assert reply.embeds[0]["title"] == f"@everyone <@123> {question}"
            assert "nvidia:fb:y:" in " ".join(b["custom_id"] for b in reply.buttons)
            assert dm.path == f"/channels/{DM_CHANNEL_ID}/messages" and dm.embeds[0]["title"] == question
            assert by_role.embeds[0]["title"] == question
            for sent in calls:
                assert_well_formed(sent)

    run(scenario)


def test_a_bare_mention_gets_help_and_a_flood_gets_one_cooldown_notice(kb: KnowledgeBase) -> None:
    async def scenario() -> None:
        async with connected(kb, settings(user_rate=1)) as discord_:
            await discord_.message(mention(""))
            help_ = (await discord_.wait_for(1))[0]
            assert "/nvidia ask" in help_.text
            for _ in range(3):
                await discord_.message(mention("what is mistral compute?"))
            await discord_.message(mention("what is mistral compute?", author=user_payload(8)))
            calls = await discord_.wait_for(4)
            notices = [c for c in calls if c.content.startswith("Easy there")]
            assert len(notices) == 1, "one notice per cooldown, not one per message"
            assert len(calls) == 4  # help, the first answer, one notice, the other user's answer
            assert all(c.payload["allowed_mentions"]["parse"] == [] for c in calls)

    run(scenario)
