"""What the sync tests share: a sandbox shop with a catalog, a client, and no waiting."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from shopbridge.sandbox.seed import seed_catalog
from shopbridge.shopify.admin import AdminClient
from tests.integration.sandbox.harness import TOKEN, VERSION, Client, running


async def no_wait(_secs: float) -> None:
    """The bulk poller's sleep in tests: give the loop a turn (the sandbox's worker runs
    there), never the wall clock."""
    await asyncio.sleep(0)


@contextlib.asynccontextmanager
async def shop_with_catalog(
    products: int = 4, variants: int = 1, locations: int = 2
) -> AsyncIterator[tuple[Client, AdminClient]]:
    """A seeded sandbox (``products`` products of ``variants`` variants) and a client."""
    async with running() as shop:
        seed_catalog(shop.sandbox.state, products=products, variants=variants, locations=locations)
        client = AdminClient(
            shop.sandbox.config.shop_domain,
            access_token=TOKEN,
            api_version=VERSION,
            admin_api_url=shop.sandbox.url,
        )
        async with client:
            yield shop, client
