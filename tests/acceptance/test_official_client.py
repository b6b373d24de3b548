"""Shopify's own Admin API client (`@shopify/admin-api-client`) works against the sandbox.

The sandbox is only useful if code written for real Shopify runs against it unchanged;
this runs Shopify's official JavaScript client (pinned in ``official_client/``) under
Node against a sandbox on loopback. It needs ``node`` and ``npm`` (the npm registry
is reachable on the project's machines and in CI).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.sandbox.harness import TOKEN, running

HERE = Path(__file__).parent / "official_client"


@pytest.fixture(scope="module")
def client_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run Shopify's JavaScript client")
    folder = tmp_path_factory.mktemp("official_client")
    for name in ("package.json", "run.mjs"):
        shutil.copy(HERE / name, folder / name)
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund"],
        cwd=folder,
        check=True,
        timeout=300,
    )
    return folder


async def test_the_official_admin_client_works_against_the_sandbox(client_dir: Path) -> None:
    async with running() as client:
        sandbox = client.sandbox
        node = await asyncio.create_subprocess_exec(
            "node",
            "run.mjs",
            sandbox.url,
            sandbox.config.shop_domain,
            TOKEN,
            cwd=client_dir,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(node.communicate(), timeout=120)
    assert node.returncode == 0, stderr.decode()
    seen = json.loads(stdout)
    assert seen["shop"] == {
        "name": "Sandbox Shop",
        "myshopifyDomain": sandbox.config.shop_domain,
        "currencyCode": "USD",
    }
    assert seen["cost"]["throttleStatus"]["maximumAvailable"] == 2000.0
    created = seen["created"]
    assert created["userErrors"] == []
    assert created["product"]["handle"] == "official-client-tee"
    assert created["product"]["id"].startswith("gid://shopify/Product/")
    assert seen["invalid"][0]["message"] == "Field 'noSuchField' doesn't exist on type 'Shop'"
    assert seen["badToken"]["status"] == 401
