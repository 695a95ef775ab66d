"""A Slack stand-in on loopback: the Web API methods briefbot calls, response URLs, Socket Mode.

Every call is recorded with its arguments (JSON, form or query) so that tests assert what
Slack would show. Answers look like Slack's; `script` queues special answers for a
method: a 429 with Retry-After, or an `ok: false` error.

Run by itself it prints each call, to try the HTTP mode by hand (docs/slack.md):
    .venv/bin/python tests/adapters/slack/slack_fake.py --port 8900
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T1"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    ok: bool = True  # answered as a success (not a scripted failure)
    answer: dict[str, Any] = field(default_factory=dict)  # what the fake answered


@dataclass(frozen=True)
class RateLimited:
    retry_after: int = 1


@dataclass(frozen=True)
class Refused:
    error: str


@dataclass(frozen=True)
class Answered:
    """A normal answer, in a script (to fail the second call, not the first)."""


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.admins: set[str] = set()
        self.scripts: dict[str, list[RateLimited | Refused | Answered]] = {}
        self.socket_acks: list[dict[str, Any]] = []
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.echo = False  # print each call (when run by itself)
        self._sockets: list[web.WebSocketResponse] = []
        self._connected = asyncio.Event()
        self.url = ""

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.add_routes(
            [
                web.post("/api/{method}", self._api),
                web.get("/api/{method}", self._api),
                web.post("/respond/{hook}", self._respond),
                web.get("/link", self._socket),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def close(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/respond/{name}"

    # -- what tests ask ----------------------------------------------------------------

    def script(self, method: str, *answers: RateLimited | Refused | Answered) -> None:
        self.scripts.setdefault(method, []).extend(answers)

    def made(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posted(self) -> list[dict[str, Any]]:
        """The messages chat.postMessage accepted (what the channel shows), in order."""
        return [c.args for c in self.made("chat.postMessage") if c.ok]

    async def wait_for(self, check: Callable[[], bool], timeout: float = 15.0) -> None:
        """Until `check()` holds (the bot answers after its ack, in the background)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not check():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.02)

    # -- the Web API -------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        call = Call(method, args, dict(request.headers))
        self.calls.append(call)
        self._echo(method, args)
        queued = self.scripts.get(method)
        answer = queued.pop(0) if queued else Answered()
        if not isinstance(answer, Answered):
            call.ok = False
            if isinstance(answer, RateLimited):
                return web.json_response(
                    {"ok": False, "error": "ratelimited"},
                    status=429,
                    headers={"Retry-After": str(answer.retry_after)},
                )
            return web.json_response({"ok": False, "error": answer.error})
        call.answer = self._answer(method, args)
        return web.json_response(call.answer)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM, "user": "briefbot"}
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "users.info":
            user = str(args.get("user"))
            return {"ok": True, "user": {"id": user, "is_admin": user in self.admins, "is_owner": False}}
        if method == "oauth.v2.access":
            return {
                "ok": True, "app_id": "A1", "authed_user": {"id": "U1"}, "scope": "commands,chat:write",
                "token_type": "bot", "access_token": "xoxb-installed", "bot_user_id": BOT_USER,
                "team": {"id": "T9", "name": "Other newsroom"}, "enterprise": None,
                "is_enterprise_install": False,
            }  # fmt: skip
        if method == "apps.connections.open":
            return {"ok": True, "url": f"{self.url.replace('http', 'ws', 1)}/link"}
        return {"ok": False, "error": "unknown_method"}

    async def _respond(self, request: web.Request) -> web.Response:
        call = Call(f"respond:{request.match_info['hook']}", await request.json())
        self.calls.append(call)
        self._echo(call.method, call.args)
        return web.Response(text="ok")

    def _echo(self, method: str, args: dict[str, Any]) -> None:
        if self.echo:
            print(f"{method} {json.dumps(args, ensure_ascii=False, indent=2)}", flush=True)

    # -- Socket Mode -------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})
        self._connected.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return ws

    async def connected(self, timeout: float = 15.0) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str, **extra: Any) -> None:
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, **extra}
        envelope.setdefault("accepts_response_payload", kind != "events_api")
        await self._sockets[-1].send_json(envelope)


async def _arguments(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            args.update(await request.json())
        else:
            form = await request.post()
            for key, value in form.items():
                text = str(value)
                args[key] = json.loads(text) if key in ("blocks", "attachments") else text
    return args


async def _serve(port: int) -> None:
    slack = FakeSlack()
    slack.echo = True
    await slack.start(port)
    print(f"Slack stand-in: SLACK_API_URL={slack.api_url}", flush=True)
    print(f"response URLs: {slack.url}/respond/NAME", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await slack.close()


if __name__ == "__main__":
    import argparse
    import contextlib

    parser = argparse.ArgumentParser(description="A Slack Web API stand-in on 127.0.0.1, printing each call.")
    parser.add_argument("--port", type=int, default=8900)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(parser.parse_args().port))
