"""Sample downstream systems for the demo and tests: HTTP receivers that record what they get.

Each receiver path (``/erp``, ``/wms`` …) keeps the requests it saw, checks the
Standard Webhooks signature when it knows the secret, and can be told to fail
so that retries and dead letters can be watched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_valid: bool | None
    answered: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """One downstream system's behaviour: what it answers and what it saw."""

    name: str
    signing_secret: str | None = None
    fail_with: int | None = None  # answer this status instead of 200
    fail_times: int = 0  # …for this many requests, then recover
    seen: list[Received] = field(default_factory=list)

    @property
    def delivered(self) -> list[Received]:
        return [r for r in self.seen if 200 <= r.answered < 300]


def verify_signature(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Check a Standard Webhooks signature as a receiver would."""
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"))
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    except (KeyError, ValueError):
        return False
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [p.split(",", 1)[1] for p in headers.get("webhook-signature", "").split() if "," in p]
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)


class ReceiverServer:
    """An aiohttp server hosting several receivers on one port."""

    def __init__(self, receivers: list[Receiver]) -> None:
        self.receivers = {r.name: r for r in receivers}
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        app.router.add_post("/{name}", self._handle)
        app.router.add_put("/{name}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        bound_port = sockets[0].getsockname()[1]
        self.url = f"http://{host}:{bound_port}"
        return self.url

    async def _handle(self, request: web.Request) -> web.Response:
        receiver = self.receivers.get(request.match_info["name"])
        if receiver is None:
            return web.Response(status=404)
        body = await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        status = 200
        if receiver.fail_with is not None and receiver.fail_times != 0:
            status = receiver.fail_with
            receiver.fail_times -= 1
        signature = (
            verify_signature(receiver.signing_secret, headers, body)
            if receiver.signing_secret
            else None
        )
        receiver.seen.append(Received(request.path, headers, body, signature, status))
        return web.json_response({"ok": status == 200}, status=status)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
