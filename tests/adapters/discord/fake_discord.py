"""A local stand-in for Discord on loopback: the REST API and the gateway, enough for discord.py.

The gateway says HELLO, answers IDENTIFY with READY and the guild (GUILD_CREATE), acks
heartbeats, and sends whatever a test dispatches (INTERACTION_CREATE, MESSAGE_CREATE). The
REST side records every call and answers like Discord: login, command sync, interaction
callbacks, follow-ups, channel messages, channel lookups. `drops[channel]` says, post by
post, whether the next posts to a channel lose their connection, as a network failure would;
messages sent with `enforce_nonce` are created once per nonce, as Discord does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 900000000000000010
CHANNEL_ID = 900000000000000020  # #news
OTHER_CHANNEL_ID = 900000000000000021  # #desk
ADMIN_ROLE_ID = 900000000000000030
EDITOR_ROLE_ID = 900000000000000031
OWNER_ID = 900000000000000040
USER_ID = 900000000000000041
MANAGE_GUILD = 1 << 5
VIEW_AND_SEND = (1 << 10) | (1 << 11)
TIMESTAMP = "2026-05-20T12:00:00.000000+00:00"


@dataclass
class Call:
    method: str
    path: str  # after /api/v10
    query: dict[str, str]
    body: Any
    dropped: bool = False  # the connection was dropped: the client got no answer


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot}  # fmt: skip


def member(user_id: int, name: str, roles: tuple[int, ...] = ()) -> dict[str, Any]:
    return {"user": user(user_id, name), "roles": [str(r) for r in roles], "joined_at": TIMESTAMP,
            "deaf": False, "mute": False, "flags": 0, "nick": None}  # fmt: skip


def text_channel(channel_id: int, name: str) -> dict[str, Any]:
    return {"id": str(channel_id), "type": 0, "name": name, "guild_id": str(GUILD_ID), "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None}  # fmt: skip


def thread_channel(thread_id: int, parent_id: int, name: str = "thread") -> dict[str, Any]:
    return {"id": str(thread_id), "type": 11, "name": name, "guild_id": str(GUILD_ID),
            "parent_id": str(parent_id), "owner_id": str(USER_ID), "message_count": 1, "member_count": 1,
            "rate_limit_per_user": 0, "flags": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                "archive_timestamp": TIMESTAMP, "locked": False}}  # fmt: skip


@dataclass
class FakeDiscord:
    channels: dict[int, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    identified: list[dict[str, Any]] = field(default_factory=list)
    resumed: list[dict[str, Any]] = field(default_factory=list)
    # channel id -> for each next post: False (answer), True (drop before handling it), "after"
    # (create the message, then drop the connection before answering)
    drops: dict[int, list[bool | str]] = field(default_factory=dict)
    token: str = "fake-token"
    forbidden: set[int] = field(default_factory=set)  # channels the bot may not post in
    rate_limits: dict[int, list[bool]] = field(default_factory=dict)  # channel id -> 429 each next post?
    api_url: str = ""
    gateway_url: str = ""

    def __post_init__(self) -> None:
        self._ids = itertools.count(950000000000000000)
        self._seq = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._by_nonce: dict[tuple[int, Any], dict[str, Any]] = {}
        for channel in (text_channel(CHANNEL_ID, "news"), text_channel(OTHER_CHANNEL_ID, "desk")):
            self.channels[int(channel["id"])] = channel

    def new_id(self) -> int:
        return next(self._ids)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.api_url = f"http://127.0.0.1:{port}/api/v10"
        self.gateway_url = f"ws://127.0.0.1:{port}/gateway"

    async def close(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what tests use ------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the connected client."""
        for ws in self._sockets:
            await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def wait_for(self, check: Callable[[list[Call]], bool], timeout: float = 20.0) -> None:
        """Until `check(calls)` holds (a malformed payload is dropped silently by discord.py, so
        a test waits for the REST call it expects instead of for the event to be handled)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: check(self.calls)), timeout)

    async def ask_to_reconnect(self) -> None:
        """Gateway opcode 7: the client should reconnect and resume its session."""
        for ws in list(self._sockets):
            await ws.send_json({"op": 7, "d": None})

    def find(self, method: str, prefix: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.path.startswith(prefix)]

    def add_thread(self, thread_id: int, parent_id: int = CHANNEL_ID) -> dict[str, Any]:
        """A thread the client does not know yet (it looks it up when a message comes from it)."""
        thread = thread_channel(thread_id, parent_id)
        self.channels[thread_id] = thread
        return thread

    # -- gateway -------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_json({"op": 11})
            elif payload["op"] == 6:  # RESUME: the session goes on
                self.resumed.append(payload["d"])
                await ws.send_json({"op": 0, "t": "RESUMED", "s": next(self._seq), "d": {}})
            elif payload["op"] == 2:
                self.identified.append(payload["d"])
                await ws.send_json({"op": 0, "t": "READY", "s": next(self._seq), "d": self._ready()})
                await ws.send_json({"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": self._guild()})
        self._sockets.remove(ws)
        return ws

    def _ready(self) -> dict[str, Any]:
        return {"v": 10, "user": user(BOT_ID, "briefbot", bot=True), "guilds": [{"id": str(GUILD_ID),
                "unavailable": True}], "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [], "relationships": [],
                "shard": [0, 1]}  # fmt: skip

    def _guild(self) -> dict[str, Any]:
        roles = [
            {"id": str(GUILD_ID), "name": "@everyone", "permissions": str(VIEW_AND_SEND), "position": 0},
            {"id": str(ADMIN_ROLE_ID), "name": "Admins", "permissions": str(MANAGE_GUILD), "position": 2},
            {"id": str(EDITOR_ROLE_ID), "name": "Editors", "permissions": "0", "position": 1},
        ]
        for role in roles:
            role.update(color=0, hoist=False, managed=False, mentionable=False, flags=0)
        return {"id": str(GUILD_ID), "name": "Newsroom", "icon": None, "owner_id": str(OWNER_ID),
                "roles": roles, "emojis": [], "stickers": [], "features": [], "member_count": 3,
                "channels": [c for c in self.channels.values() if c["type"] == 0], "threads": [],
                "members": [member(BOT_ID, "briefbot")], "voice_states": [], "presences": [],
                "unavailable": False, "large": False, "verification_level": 0, "mfa_level": 0,
                "premium_tier": 0, "preferred_locale": "en-US"}  # fmt: skip

    # -- REST ----------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        body = await request.json() if request.can_read_body else None
        call = Call(request.method, path, dict(request.query), body)
        parts = path.strip("/").split("/")
        channel = int(parts[1]) if parts[0] == "channels" and parts[1].isdigit() else None
        if request.headers.get("Authorization") != f"Bot {self.token}" and parts[0] not in (
            "webhooks",
            "interactions",
        ):
            body = {"message": "401: Unauthorized", "code": 0}
            return web.Response(status=401, body=json.dumps(body).encode(), headers=JSON)
        drop = (
            self.drops[channel].pop(0)
            if request.method == "POST" and channel is not None and self.drops.get(channel)
            else False
        )
        if drop:
            if drop == "after":  # the message is created, then the answer is lost
                self._answer(request.method, parts, body)
            call.dropped = True
            await self._record(call)
            assert request.transport is not None
            request.transport.close()  # the connection drops before an answer
            raise web.HTTPInternalServerError()
        if (
            request.method == "POST"
            and self.rate_limits.get(channel or 0)
            and self.rate_limits[channel or 0].pop(0)
        ):
            call.dropped = True
            await self._record(call)
            slow_down = {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}
            headers = {**JSON, "Via": "1.1 google", "Retry-After": "1"}
            return web.Response(status=429, body=json.dumps(slow_down).encode(), headers=headers)
        if request.method == "POST" and channel in self.forbidden:
            await self._record(call)
            refused = {"message": "Missing Access", "code": 50001}
            return web.Response(status=403, body=json.dumps(refused).encode(), headers=JSON)
        response = self._answer(request.method, parts, body)
        await self._record(call)
        if isinstance(response, web.Response):
            return response
        if response is None:
            return web.Response(status=204)
        return _json(response)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _answer(self, method: str, parts: list[str], body: Any) -> Any:
        match method, parts:
            case "GET", ["users", "@me"]:
                return user(BOT_ID, "briefbot", bot=True)
            case "GET", ["oauth2", "applications", "@me"]:
                return {"id": str(APP_ID), "name": "briefbot", "description": "", "icon": None,
                        "bot_public": True, "bot_require_code_grant": False, "verify_key": "00",
                        "owner": user(OWNER_ID, "owner"), "flags": 0}  # fmt: skip
            case "PUT", ["applications", _, "guilds", guild, "commands"] if int(guild) != GUILD_ID:
                refused = {"message": "Missing Access", "code": 50001}
                return web.Response(status=403, body=json.dumps(refused).encode(), headers=JSON)
            case "PUT", ["applications", _, *_, "commands"]:
                guild = parts[3] if len(parts) > 4 else None
                return [{**c, "id": str(self.new_id()), "application_id": str(APP_ID), "version": "1",
                         "type": c.get("type", 1), "guild_id": guild} for c in body]  # fmt: skip
            case "POST", ["interactions", interaction, _, "callback"]:
                flags = (body.get("data") or {}).get("flags", 0)
                return {"interaction": {"id": interaction, "type": 2, "response_message_loading": True,
                        "response_message_ephemeral": bool(flags & 64)}}  # fmt: skip
            case "POST", ["webhooks", _, _]:
                return self.message(CHANNEL_ID, body)
            case "DELETE", ["webhooks", *_]:
                return None
            case "PATCH", ["webhooks", *_]:
                return self.message(CHANNEL_ID, body)
            case "POST", ["channels", channel, "messages"] if int(channel) in self.channels:
                key = (int(channel), body.get("nonce"))
                if body.get("enforce_nonce") and key in self._by_nonce:
                    return self._by_nonce[key]  # Discord: the message this nonce created already
                self._by_nonce[key] = self.message(int(channel), body)
                return self._by_nonce[key]
            case "GET", ["channels", channel] if int(channel) in self.channels:
                return self.channels[int(channel)]
        unknown = json.dumps({"message": "Unknown", "code": 10003}).encode()
        return web.Response(status=404, body=unknown, headers=JSON)

    def message(self, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """A message as Discord returns it, made of what was sent (`body`)."""
        return {"id": str(self.new_id()), "channel_id": str(channel_id), "author": user(BOT_ID, "briefbot",
                bot=True), "content": body.get("content") or "", "timestamp": TIMESTAMP,
                "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [],
                "mention_roles": [], "attachments": [], "embeds": body.get("embeds") or [],
                "pinned": False, "type": 0, "flags": body.get("flags", 0),
                "components": body.get("components") or []}  # fmt: skip


JSON = {"Content-Type": "application/json"}  # exactly: with a charset, discord.py reads text


def _json(value: Any) -> web.Response:
    return web.Response(body=json.dumps(value).encode(), headers=JSON)


# -- payloads a test sends through the gateway ----------------------------------------------


def _interaction(
    kind: int, data: dict[str, Any], *, channel: dict[str, Any], who: dict[str, Any], permissions: int
) -> dict[str, Any]:
    interaction_id = next(_interaction_ids)
    return {"id": str(interaction_id), "application_id": str(APP_ID), "type": kind, "data": data,
            "guild_id": str(GUILD_ID), "channel_id": channel["id"], "channel": channel,
            "member": {**who, "permissions": str(permissions)}, "token": f"token-{interaction_id}",
            "version": 1, "app_permissions": str(VIEW_AND_SEND), "locale": "en-US", "guild_locale": "en-US",
            "attachment_size_limit": 8388608, "entitlements": [], "authorizing_integration_owners": {},
            "context": 0}  # fmt: skip


_interaction_ids = itertools.count(970000000000000000)
PERSON = member(USER_ID, "reader")


def slash(
    name: str,
    options: dict[str, Any] | None = None,
    *,
    sub: str | None = None,
    channel: dict[str, Any] | None = None,
    who: dict[str, Any] = PERSON,
    permissions: int = VIEW_AND_SEND,
) -> dict[str, Any]:
    """An INTERACTION_CREATE for `/name [sub] option:value...` (strings, ints and bools)."""
    kinds = {str: 3, int: 4, bool: 5}
    opts = [{"name": k, "type": kinds[type(v)], "value": v} for k, v in (options or {}).items()]
    if sub is not None:
        opts = [{"name": sub, "type": 1, "options": opts}]
    data = {"id": "1", "name": name, "type": 1, "options": opts}
    return _interaction(2, data, channel=channel or text_channel(CHANNEL_ID, "news"), who=who,
                        permissions=permissions)  # fmt: skip


def typing_option(name: str, option: str, typed: str) -> dict[str, Any]:
    """An autocomplete interaction: `option` of /name is focused with `typed` in it."""
    data = {"id": "1", "name": name, "type": 1,
            "options": [{"name": option, "type": 3, "value": typed, "focused": True}]}  # fmt: skip
    return _interaction(
        4, data, channel=text_channel(CHANNEL_ID, "news"), who=PERSON, permissions=VIEW_AND_SEND
    )


def click(custom_id: str, message: dict[str, Any]) -> dict[str, Any]:
    """A click on a button of `message` (a message the fake returned earlier)."""
    data = {"custom_id": custom_id, "component_type": 2}
    payload = _interaction(
        3, data, channel=text_channel(CHANNEL_ID, "news"), who=PERSON, permissions=VIEW_AND_SEND
    )
    payload["message"] = message
    return payload


def mention(text: str, *, channel_id: int = CHANNEL_ID, who: dict[str, Any] = PERSON,
            bot: bool = False) -> dict[str, Any]:  # fmt: skip
    """A MESSAGE_CREATE that mentions the bot ("<@BOT_ID> who" as typed)."""
    author = {**who["user"], "bot": bot}
    return {"id": str(next(_interaction_ids)), "channel_id": str(channel_id), "guild_id": str(GUILD_ID),
            "author": author, "member": {k: v for k, v in who.items() if k != "user"},
            "content": f"<@{BOT_ID}> {text}", "timestamp": TIMESTAMP, "edited_timestamp": None,
            "tts": False, "mention_everyone": False, "mentions": [user(BOT_ID, "briefbot", bot=True)],
            "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0,
            "flags": 0}  # fmt: skip
