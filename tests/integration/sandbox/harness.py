"""A sandbox store served by uvicorn on loopback, and a small GraphQL client for it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from multidict import CIMultiDict

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.server import Sandbox

TOKEN = "shpat_sandbox_test_token"
VERSION = "2026-07"


@dataclass
class Reply:
    status: int
    body: Any
    headers: CIMultiDict[str]

    @property
    def cost(self) -> dict[str, Any]:
        cost: dict[str, Any] = self.body["extensions"]["cost"]
        return cost


@dataclass
class Client:
    sandbox: Sandbox
    http: aiohttp.ClientSession

    async def admin(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = TOKEN,
        version: str = VERSION,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            sent["X-Shopify-Access-Token"] = token
        url = self.sandbox.admin_url(version)
        payload = {"query": query, "variables": variables}
        async with self.http.post(url, json=payload, headers=sent) as response:
            return Reply(
                response.status,
                await response.json(content_type=None),
                CIMultiDict(response.headers),
            )

    async def storefront(self, query: str, headers: dict[str, str]) -> Reply:
        url = self.sandbox.storefront_url(VERSION)
        async with self.http.post(url, json={"query": query}, headers=headers) as response:
            return Reply(
                response.status,
                await response.json(content_type=None),
                CIMultiDict(response.headers),
            )

    async def get(self, path: str) -> Reply:
        async with self.http.get(f"{self.sandbox.url}{path}") as response:
            return Reply(
                response.status,
                await response.json(content_type=None),
                CIMultiDict(response.headers),
            )


@contextlib.asynccontextmanager
async def running(config: SandboxConfig | None = None) -> AsyncIterator[Client]:
    """Start a sandbox (admin token ``TOKEN`` unless the config says otherwise)."""
    sandbox = Sandbox(config or SandboxConfig(admin_token=TOKEN))
    await sandbox.start("127.0.0.1", 0)
    http = aiohttp.ClientSession()
    try:
        yield Client(sandbox, http)
    finally:
        await http.close()
        await sandbox.stop()
        sandbox.close()
