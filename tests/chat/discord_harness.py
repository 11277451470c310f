"""An offline Discord for tests: real discord.py objects, with every outgoing HTTP call recorded.

Events enter where the gateway would put them (``ConnectionState.parse_interaction_create``
and ``parse_message_create``), so interactions go through the real ``CommandTree`` and
button presses through the real ``ViewStore``. Nothing leaves the process: interaction
responses and follow-ups go through discord.py's webhook adapter, swapped here for a
recorder, and bot-API calls (``channel.send``) through ``HTTPClient.request``, replaced
on the instance. The recorder answers with payloads shaped like Discord's, so the
library builds real ``Message`` objects from them, and a test can press a button on the
message the bot "sent".
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from bot.chat.discord_app import NvidiaBot
from bot.config import Settings
from bot.core.service import KnowledgeBase

APP_ID = 900_000_000_000_000_001
BOT_ID = APP_ID
GUILD_ID = 900_000_000_000_000_100
CHANNEL_ID = 900_000_000_000_000_200
DM_CHANNEL_ID = 900_000_000_000_000_300
BOT_ROLE_ID = 900_000_000_000_000_400
USER_ID = 900_000_000_000_001_000
COMMAND_ID = 900_000_000_000_000_500
TIMESTAMP = "2025-06-11T10:00:00.000000+00:00"
EPHEMERAL = 1 << 6

_ids = itertools.count(900_000_000_000_100_000)


def snowflake() -> int:
    """A fresh id, increasing like Discord's."""
    return next(_ids)


def user_payload(user_id: int = USER_ID, *, bot: bool = False, name: str | None = None) -> dict[str, Any]:
    """A Discord user object."""
    return {
        "id": str(user_id), "username": name or f"user{user_id % 10_000}", "discriminator": "0",
        "global_name": None, "avatar": None, "bot": bot,
    }


BOT_USER = user_payload(BOT_ID, bot=True, name="nvidia-europe")


def guild_payload() -> dict[str, Any]:
    """The test guild as GUILD_CREATE would give it: one text channel, the bot and its managed role."""
    role = {"position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False, "permissions": "0"}
    return {
        "id": str(GUILD_ID), "name": "Test guild", "owner_id": str(USER_ID), "features": [], "emojis": [],
        "stickers": [], "member_count": 2, "large": False, "unavailable": False,
        "roles": [
            {**role, "id": str(GUILD_ID), "name": "@everyone"},
            {**role, "id": str(BOT_ROLE_ID), "name": "nvidia-europe", "managed": True, "position": 1,
             "tags": {"bot_id": str(BOT_ID)}},
        ],
        "channels": [{"id": str(CHANNEL_ID), "type": 0, "name": "general", "position": 0,
                      "permission_overwrites": []}],
        "members": [{"user": BOT_USER, "roles": [str(BOT_ROLE_ID)], "joined_at": TIMESTAMP, "deaf": False,
                     "mute": False, "flags": 0}],
    }


def message_payload(
    *,
    content: str = "",
    author: dict[str, Any] | None = None,
    channel_id: int = CHANNEL_ID,
    guild: bool = True,
    embeds: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    flags: int = 0,
    mentions: list[dict[str, Any]] | None = None,
    mention_roles: list[int] | None = None,
    mention_everyone: bool = False,
    message_id: int | None = None,
    webhook_id: int | None = None,
) -> dict[str, Any]:
    """A Discord message object (as in MESSAGE_CREATE, or a message a response created)."""
    data: dict[str, Any] = {
        "id": str(message_id or snowflake()), "channel_id": str(channel_id), "author": author or user_payload(),
        "content": content, "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False,
        "mention_everyone": mention_everyone, "mentions": mentions or [],
        "mention_roles": [str(r) for r in mention_roles or []], "attachments": [], "embeds": embeds or [],
        "pinned": False, "type": 0, "flags": flags, "components": components or [],
    }
    if guild:
        data["guild_id"] = str(GUILD_ID)
    if webhook_id:
        data["webhook_id"] = str(webhook_id)
    return data


def interaction_payload(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int = USER_ID,
    guild: bool = True,
    message: dict[str, Any] | None = None,
    channel_id: int | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload: from a guild member, or from a user in a DM."""
    interaction_id = snowflake()
    user = user_payload(user_id)
    channel = channel_id or (CHANNEL_ID if guild else DM_CHANNEL_ID)
    payload: dict[str, Any] = {
        "id": str(interaction_id), "application_id": str(APP_ID), "type": kind, "data": data,
        "token": f"interaction-token-{interaction_id}", "version": 1, "locale": "en-US",
        "attachment_size_limit": 8 * 1024 * 1024, "app_permissions": "0", "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)} if guild else {"1": str(user_id)},
        "channel_id": str(channel),
    }
    if guild:
        payload.update(
            guild_id=str(GUILD_ID), guild_locale="en-US", context=0,
            channel={"id": str(channel), "type": 0, "name": "general", "position": 0, "guild_id": str(GUILD_ID),
                     "permission_overwrites": []},
            member={"user": user, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0,
                    "permissions": "2248473465835073", "pending": False},
        )
    else:
        payload.update(user=user, context=1, channel={"id": str(channel), "type": 1, "recipients": [user]})
    if message is not None:
        payload["message"] = message
    return payload


def nvidia(sub: str, **options: Any) -> dict[str, Any]:
    """The ``data`` of ``/nvidia <sub> option:value ...``."""
    focused = options.pop("_focused", None)
    inner = [{"name": k, "type": 3, "value": v, **({"focused": True} if k == focused else {})}
             for k, v in options.items()]
    return {"id": str(COMMAND_ID), "name": "nvidia", "type": 1,
            "options": [{"name": sub, "type": 1, "options": inner}]}


@dataclass
class Sent:
    """One recorded request: how it was sent and the JSON it carried."""

    method: str
    path: str
    payload: dict[str, Any]
    message: dict[str, Any] | None = None
    """The message object the fake Discord created from it, if any."""

    @property
    def via(self) -> str:
        """``response`` (interaction callback), ``followup`` (webhook) or ``channel`` (bot API)."""
        if self.path.endswith("/callback"):
            return "response"
        return "followup" if self.path.startswith("/webhooks/") else "channel"

    @property
    def type(self) -> int | None:
        """The interaction response type (4 message, 5 deferred, 8 autocomplete), if any."""
        return self.payload.get("type") if self.via == "response" else None

    @property
    def body(self) -> dict[str, Any]:
        """The message part of the request."""
        if self.via == "response":
            data = self.payload.get("data") or {}
            assert isinstance(data, dict)
            return data
        return self.payload

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.body.get("embeds") or [])

    @property
    def content(self) -> str:
        return str(self.body.get("content") or "")

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.body.get("flags") or 0) & EPHEMERAL)

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.body.get("allowed_mentions")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for row in self.body.get("components") or [] for c in row.get("components", [])]

    @property
    def text(self) -> str:
        """Everything a user would read in it, for "does it say X" checks."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or "",
                      (embed.get("footer") or {}).get("text", "")]
            parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        return "\n".join(p for p in parts if p)


@dataclass
class Recorder:
    """Collects what would have gone to Discord, and lets a test await the next N calls."""

    calls: list[Sent] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, sent: Sent) -> None:
        self.calls.append(sent)
        self._changed.set()

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Sent]:
        """Wait until at least ``count`` calls are recorded (event-driven, no polling)."""
        async with asyncio.timeout(timeout):
            while len(self.calls) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.calls

    def bot_message(self, sent: Sent, *, channel_id: int = CHANNEL_ID, guild: bool = True) -> dict[str, Any]:
        """The message Discord would have created from a send."""
        body = sent.body
        return message_payload(
            content=str(body.get("content") or ""), author=BOT_USER, channel_id=channel_id, guild=guild,
            embeds=body.get("embeds") or [], components=body.get("components") or [],
            flags=int(body.get("flags") or 0),
        )


class RecordingWebhookAdapter(AsyncWebhookAdapter):
    """discord.py's interaction/webhook transport, answering locally instead of calling Discord."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.recorder = recorder

    async def request(self, route: Route, session: Any, *, payload: dict[str, Any] | None = None,
                      multipart: list[dict[str, Any]] | None = None, **_: Any) -> Any:
        body = dict(payload or {})
        if multipart:  # files: the JSON part carries the message
            import json

            body = json.loads(next(p["value"] for p in multipart if p["name"] == "payload_json"))
        sent = Sent(route.method, _path(route), body)
        reply: Any = None
        if sent.via == "response":
            reply = {"interaction": {"id": str(route.webhook_id), "type": 2,
                                     "response_message_ephemeral": sent.ephemeral,
                                     "response_message_loading": sent.type == 5}}
            if sent.type in (4, 5, 7):
                sent.message = self.recorder.bot_message(sent)
                reply["interaction"]["response_message_id"] = sent.message["id"]
                reply["resource"] = {"type": sent.type, "message": sent.message}
        elif sent.via == "followup" and route.method in ("POST", "PATCH"):
            sent.message = reply = self.recorder.bot_message(sent)
        self.recorder.add(sent)
        return reply


def _path(route: Route) -> str:
    return route.url.removeprefix(Route.BASE)


@dataclass
class OfflineDiscord:
    """A bot wired to the recorder, plus ways to deliver gateway events to it."""

    bot: NvidiaBot
    recorder: Recorder

    @property
    def calls(self) -> list[Sent]:
        return self.recorder.calls

    def interaction(self, payload: dict[str, Any]) -> None:
        """Deliver an INTERACTION_CREATE, as the gateway would."""
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]

    def message(self, payload: dict[str, Any]) -> None:
        """Deliver a MESSAGE_CREATE."""
        self.bot._connection.parse_message_create(payload)  # type: ignore[arg-type]

    async def command(self, sub: str, *, user_id: int = USER_ID, guild: bool = True, **options: Any) -> Sent:
        """Run ``/nvidia <sub>`` and return its (first) response."""
        before = len(self.calls)
        self.interaction(interaction_payload(2, nvidia(sub, **options), user_id=user_id, guild=guild))
        return (await self.recorder.wait_for(before + 1))[before]

    async def press(self, sent: Sent, custom_id: str, *, user_id: int = USER_ID) -> Sent:
        """Press a button on the message ``sent`` created; return the bot's response to the press."""
        assert sent.message is not None, "that call created no message"
        assert custom_id in [b.get("custom_id") for b in sent.buttons], f"no button {custom_id!r}"
        before = len(self.calls)
        data = {"custom_id": custom_id, "component_type": 2}
        self.interaction(interaction_payload(3, data, user_id=user_id, message=sent.message))
        return (await self.recorder.wait_for(before + 1))[before]


@asynccontextmanager
async def offline_discord(kb: KnowledgeBase, settings: Settings | None = None) -> AsyncIterator[OfflineDiscord]:
    """A logged-in-looking ``NvidiaBot`` in the test guild, with nothing reaching the network."""
    recorder = Recorder()
    bot = NvidiaBot(kb, settings or Settings())
    await bot._async_setup_hook()  # what login() does first: bind the loop
    state = bot._connection
    state.user = discord.ClientUser(state=state, data=BOT_USER)  # type: ignore[arg-type]
    state.application_id = APP_ID
    await bot.setup_hook()
    state._add_guild_from_data(guild_payload())  # type: ignore[arg-type]

    async def http_request(route: Route, **kwargs: Any) -> Any:
        sent = Sent(route.method, _path(route), dict(kwargs.get("json") or {}))
        if route.method == "POST" and route.path.endswith("/messages"):
            guild = route.channel_id != DM_CHANNEL_ID
            sent.message = recorder.bot_message(sent, channel_id=int(route.channel_id or 0), guild=guild)
        recorder.add(sent)
        return sent.message or {}

    bot.http.request = http_request  # type: ignore[method-assign]
    token = async_context.set(RecordingWebhookAdapter(recorder))
    try:
        yield OfflineDiscord(bot, recorder)
    finally:
        async_context.reset(token)
        bot._worker.shutdown(wait=True)


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run one async test scenario on a fresh event loop."""
    asyncio.run(scenario())
