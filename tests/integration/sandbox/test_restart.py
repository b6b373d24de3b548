"""With a data file, a restarted sandbox keeps its catalog, stock, ids and credentials."""

from __future__ import annotations

from pathlib import Path

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.gid import legacy_id
from tests.integration.sandbox.harness import running

QUERY = (
    '{ productVariants(first: 1, query: "sku:KEEP-1") '
    "{ nodes { id inventoryQuantity product { id title } } } }"
)


async def test_state_survives_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "sandbox.db"
    async with running(SandboxConfig(data_file=data)) as first:
        token = first.sandbox.config.admin_token
        assert token.startswith("shpat_")
        location = (await first.admin("{ location { id } }", token=token)).body["data"]["location"][
            "id"
        ]
        created = await first.admin(
            """mutation($input: ProductSetInput!) { productSet(input: $input) {
                 product { id } userErrors { message } } }""",
            {
                "input": {
                    "title": "Kept",
                    "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
                    "variants": [
                        {
                            "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                            "sku": "KEEP-1",
                            "price": "3",
                            "inventoryQuantities": [
                                {"locationId": location, "name": "available", "quantity": 9}
                            ],
                        }
                    ],
                }
            },
            token=token,
        )
        product_id = created.body["data"]["productSet"]["product"]["id"]
        before = (await first.admin(QUERY, token=token)).body["data"]

    async with running(SandboxConfig(data_file=data)) as second:
        assert second.sandbox.config.admin_token == token
        after = (await second.admin(QUERY, token=token)).body["data"]
        assert after == before
        assert after["productVariants"]["nodes"][0]["inventoryQuantity"] == 9
        newer = await second.admin(
            'mutation { productCreate(product: {title: "Later"}) { product { id } } }', token=token
        )
        later_id = newer.body["data"]["productCreate"]["product"]["id"]
        assert legacy_id(later_id) > legacy_id(product_id)
        summary = await second.get("/sandbox/state")
        assert summary.body["counts"]["Product"] == 2
        assert summary.body["counts"]["Location"] == 1
