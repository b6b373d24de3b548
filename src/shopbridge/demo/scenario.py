"""The demo's story: a sandbox store's real webhooks flow through the engine to sample systems.

Each step acts on the store as a merchant or shopper would (through the sandbox's
control API), then waits until the engine has delivered what that action caused,
and says what arrived where. The last steps break the ERP to show retries, a dead
letter and a replay. ``run_demo`` prints a summary and keeps serving.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Final

from rich.console import Console

from shopbridge.demo.stack import Stack, demo_stack
from shopbridge.demo.steps_alerts import alerts_fire
from shopbridge.demo.steps_customers import customer_edited_on_both_sides
from shopbridge.demo.steps_fulfillment import wms_ships_an_order
from shopbridge.demo.steps_marketing import checkout_abandoned, shoppers_seen_by_marketing
from shopbridge.demo.steps_media import dam_sends_media
from shopbridge.demo.steps_orders import orders_stay_in_order
from shopbridge.demo.summary import print_summary
from shopbridge.demo.waiting import until

__all__ = ["run_demo"]


ORDER_UPDATE: Final = """
mutation Tag($input: OrderInput!) {
  orderUpdate(input: $input) { order { id tags } userErrors { field message } }
}
"""


def topics_seen(stack: Stack, system: str) -> list[str]:
    return [r.headers.get("x-shopbridge-topic", "?") for r in stack.systems[system].delivered]


async def run_demo(data: Path, *, port: int = 8080, once: bool = False, console: Console) -> None:
    def busy(taken: int) -> None:
        console.print(f"[yellow]port {taken} is busy; using a free port instead[/]")

    async with demo_stack(data, port=port, on_busy_port=busy) as stack:
        console.rule("[bold]shopbridge demo")
        engine = stack.engine_url
        console.print(f"sandbox store  {stack.sandbox.url}  ({stack.sandbox.config.shop_domain})")
        console.print(
            f"engine         {engine}  (API docs {engine}/docs, metrics {engine}/metrics)"
        )
        console.print(
            f"systems        {stack.receivers_url}/{{erp,wms,crm,marketing,ops,slack,pagerduty}}"
        )
        console.print(f"config         {stack.config_path}")
        console.print(f"engine log     {stack.log_path} (JSON lines)")
        await _scenario(stack, console)
        await print_summary(stack, console)
        if not once:
            console.print(
                f"\n[bold]Still serving.[/] Try: curl -H 'Authorization: Bearer "
                f"{stack.operator_token}' {engine}/v1/jobs  ·  shopbridge sandbox state --url "
                f"{stack.sandbox.url}  ·  Ctrl-C to stop."
            )
            await stack.engine


async def _scenario(stack: Stack, console: Console) -> None:
    say = console.print
    erp, crm = stack.systems["erp"], stack.systems["crm"]
    ops, wms = stack.systems["ops"], stack.systems["wms"]

    say("\n[bold]1.[/] The store has a catalog, and the engine subscribes itself to its webhooks")
    seeded = stack.seeded

    async def subscribed() -> bool:
        checks = "shopbridge_webhook_subscription_checks_total"
        return (await stack.metric_values(checks, "outcome")).get("ok", 0) >= 1

    await until(subscribed, "webhook subscriptions made by the engine")
    changes = "shopbridge_webhook_subscription_changes_total"
    created = (await stack.metric_values(changes, "action")).get("created", 0)
    say(
        f"   {seeded.products} products, {seeded.variants} variants at {seeded.locations} "
        f"locations; on start the engine created {created:g} webhook subscriptions: its flows' "
        f"topics ({', '.join(stack.topics())}) and those its built-in processors and Shopify "
        f"writer need; it re-checks them every "
        f"{stack.settings.webhook_subscriptions.check_interval_secs / 60:g} min"
    )

    say("\n[bold]2.[/] A merchant corrects stock in the admin")
    await stack.store("POST", "/stock", {"sku": "SKU-00001-1", "set": 25})
    await until(lambda: "inventory_levels/update" in topics_seen(stack, "erp"), "stock to ERP")
    level = erp.delivered[-1].json
    say(
        f"   Shopify sent inventory_levels/update; the ERP got available={level['available']} "
        f"for item {level['inventory_item_id']} (signature valid: "
        f"{erp.delivered[-1].signature_valid})"
    )

    say("\n[bold]3.[/] The ERP pushes stock levels; the engine writes them into Shopify")
    pushed = await stack.push(
        "/v1/inventory",
        [
            {"sku": "SKU-00003-1", "location": "Shop location", "quantity": 40, "version": 2},
            {"sku": "SKU-00003-1", "location": "Shop location", "quantity": 35, "version": 1},
            {"sku": "SKU-00004-2", "location": "Warehouse 2", "quantity": 12, "version": 2},
        ],
    )

    async def written() -> bool:
        levels = await _levels(stack, ["SKU-00003-1", "SKU-00004-2"])
        wanted = {("SKU-00003-1", "Shop location"): 40, ("SKU-00004-2", "Warehouse 2"): 12}
        resolved = await stack.metric_values("shopbridge_shopify_items_total", "outcome")
        return sum(resolved.values()) >= 3 and all(
            levels.get(key) == quantity for key, quantity in wanted.items()
        )

    await until(written, "stock written to Shopify")
    counts = await stack.metric_values("shopbridge_shopify_items_total", "outcome")
    say(
        f"   event {pushed['event_id']}: {pushed['items']} updates; Shopify now has 40 of "
        f"SKU-00003-1 and 12 of SKU-00004-2 ({counts.get('applied', 0):g} applied in batched, "
        f"idempotent inventorySetQuantities calls; {counts.get('stale', 0):g} dropped as stale: "
        "the older SKU-00003-1 update)"
    )

    say("\n[bold]4.[/] The ERP changes prices, including a fixed price for a second market")
    created = await stack.admin(PRICE_LIST_CREATE, {"input": EUROPE})
    price_list = created["priceListCreate"]["priceList"]["id"]
    await stack.push(
        "/v1/prices",
        [
            {"sku": "SKU-00005-1", "price": "59.00", "compare_at_price": "69.00", "version": 1},
            {"sku": "SKU-00005-1", "price_list": "Europe", "currency": "EUR", "price": "55.00"},
        ],
    )

    async def priced() -> bool:
        variant = await _variant(stack, "SKU-00005-1")
        fixed = await stack.admin(FIXED_PRICES, {"id": price_list})
        nodes = fixed["priceList"]["prices"]["nodes"]
        on_sale = variant.get("price") == "59.00" and variant.get("compareAtPrice") == "69.00"
        return on_sale and any(
            node["price"] == {"amount": "55.0", "currencyCode": "EUR"} for node in nodes
        )

    await until(priced, "prices written to Shopify")
    say(
        "   the merchant's Europe price list exists; SKU-00005-1 now sells at 59.00 USD "
        "(compare-at 69.00) and at a fixed 55.00 EUR in Europe (productVariantsBulkUpdate and "
        "priceListFixedPricesUpdate, paced by query cost)"
    )

    say("\n[bold]5.[/] The PIM publishes a new product with two sizes")
    await stack.push(
        "/v1/products",
        [
            {
                "handle": "demo-hoodie",
                "title": "Demo hoodie",
                "vendor": "Acme",
                "status": "ACTIVE",
                "options": [{"name": "Size", "values": ["S", "M"]}],
                "variants": [
                    {"sku": "HOODIE-S", "price": "49.00", "option_values": {"Size": "S"}},
                    {"sku": "HOODIE-M", "price": "49.00", "option_values": {"Size": "M"}},
                ],
                "version": 1,
            }
        ],
        system="pim",
    )

    async def published() -> bool:
        found = await stack.admin(PRODUCT, {"handle": "demo-hoodie"})
        product = found["productByHandle"]
        return product is not None and len(product["variants"]["nodes"]) == 2

    await until(published, "product upserted in Shopify")
    say("   Shopify now has demo-hoodie with HOODIE-S and HOODIE-M (one productSet by handle)")

    say("\n[bold]6.[/] A new shopper checks out and pays")
    checkout = await stack.store(
        "POST",
        "/checkouts",
        {
            "lines": [{"sku": "SKU-00001-1", "quantity": 2}, {"sku": "SKU-00002-2", "quantity": 1}],
            "email": "ada@example.com",
            "first_name": "Ada",
            "last_name": "Lovelace",
        },
    )
    order = await stack.store(
        "POST", f"/checkouts/{checkout['token']}/complete", {"payment": "success"}
    )
    await until(lambda: "orders/create" in topics_seen(stack, "erp"), "order to ERP")
    await until(lambda: bool(wms.delivered), "paid order to WMS")
    await until(lambda: bool(crm.delivered), "new customer to CRM")
    mapped = next(
        r.json for r in erp.delivered if r.headers.get("x-shopbridge-topic") == "orders/create"
    )
    say(
        f"   order {order['name']}: the ERP got {len(mapped['lines'])} lines, total "
        f"{mapped['totals']['total']} {mapped['currency']}; the WMS got a pick list for "
        f"{wms.delivered[-1].json['order']}; the CRM got contact {crm.delivered[-1].json['email']}"
    )

    await checkout_abandoned(stack, console, 7)

    say("\n[bold]8.[/] A card is declined")
    declined = await stack.store(
        "POST",
        "/checkouts",
        {"lines": [{"sku": "SKU-00004-1", "quantity": 1}], "email": "alan@example.com"},
    )
    failed = await stack.store(
        "POST", f"/checkouts/{declined['token']}/complete", {"payment": "failure"}
    )
    await until(lambda: bool(ops.delivered), "payment alert to ops")
    say(f"   ops got an alert: {ops.delivered[-1].json['alert']} on order {failed['name']}")

    say("\n[bold]9.[/] Shopify delivers the next webhook twice (it does, at least once)")
    await stack.store("PUT", "/faults", {"webhooks": {"duplicate_rate": 1.0}})
    before = len(erp.delivered)
    await stack.store("POST", "/stock", {"sku": "SKU-00001-1", "delta": -1})
    await until(lambda: len(erp.delivered) > before, "duplicated stock change")
    await stack.store("PUT", "/faults", {"webhooks": {"duplicate_rate": 0.0}})
    await asyncio.sleep(0.5)
    say(
        f"   the engine received it twice and delivered it {len(erp.delivered) - before} time "
        "to the ERP (deduplicated on the webhook id)"
    )

    say("\n[bold]10.[/] The ERP goes down (503) while the paid order is updated")
    erp.fail_with, erp.fail_times = 503, -1
    await stack.admin(ORDER_UPDATE, {"input": {"id": order["id"], "tags": ["vip"]}})

    async def dead() -> bool:
        letters = await stack.operate("GET", "/v1/dead-letters")
        return bool(letters["items"])

    await until(dead, "dead letter")
    letters = await stack.operate("GET", "/v1/dead-letters")
    job = await stack.operate("GET", f"/v1/jobs/{letters['items'][0]['id']}")
    for attempt in job["attempts"]:
        say(f"   attempt {attempt['attempt']}: {attempt['outcome']} — {attempt['reason']}")
    say(
        f"   job #{job['id']} (flow {job['flow']} → {job['destination']}) is now a dead letter, "
        "visible in GET /v1/dead-letters and the metrics"
    )

    say("\n[bold]11.[/] The ERP is fixed; the operator replays the dead letter")
    erp.fail_with, erp.fail_times = None, 0
    replayed = await stack.operate("POST", f"/v1/jobs/{job['id']}/replay")

    async def delivered() -> bool:
        again = await stack.operate("GET", f"/v1/jobs/{replayed['id']}")
        return bool(again["status"] == "delivered")

    await until(delivered, "replayed delivery")
    same_key = [r for r in erp.seen if r.headers.get("idempotency-key") == job["idempotency_key"]]
    say(
        f"   replay #{replayed['id']} delivered; the ERP saw this update {len(same_key)} times, "
        f"always with idempotency key {job['idempotency_key']}"
    )

    await dam_sends_media(stack, console, 12)
    await orders_stay_in_order(stack, console, 13)
    await alerts_fire(stack, console, 15)
    await wms_ships_an_order(stack, console, 16)
    await customer_edited_on_both_sides(stack, console, 17)
    await shoppers_seen_by_marketing(stack, console, 18)


LEVELS: Final = """
query Levels($query: String!) {
  productVariants(first: 10, query: $query) {
    nodes {
      sku
      inventoryItem {
        inventoryLevels(first: 10) {
          nodes { location { name } quantities(names: ["available"]) { quantity } }
        }
      }
    }
  }
}
"""


async def _levels(stack: Stack, skus: list[str]) -> dict[tuple[str, str], int]:
    """Available quantity per (SKU, location name), read back from the store."""
    query = " OR ".join(f"sku:{sku}" for sku in skus)
    data = await stack.admin(LEVELS, {"query": query})
    return {
        (variant["sku"], level["location"]["name"]): level["quantities"][0]["quantity"]
        for variant in data["productVariants"]["nodes"]
        for level in variant["inventoryItem"]["inventoryLevels"]["nodes"]
    }


PRICE_LIST_CREATE: Final = """
mutation Europe($input: PriceListCreateInput!) {
  priceListCreate(input: $input) { priceList { id } userErrors { field message } }
}
"""
EUROPE: Final = {
    "name": "Europe",
    "currency": "EUR",
    "parent": {"adjustment": {"type": "PERCENTAGE_DECREASE", "value": 0}},
}
FIXED_PRICES: Final = """
query Fixed($id: ID!) {
  priceList(id: $id) {
    prices(first: 10, originType: FIXED) { nodes { price { amount currencyCode } } }
  }
}
"""
VARIANT_PRICE: Final = """
query Price($query: String!) {
  productVariants(first: 1, query: $query) { nodes { price compareAtPrice } }
}
"""


async def _variant(stack: Stack, sku: str) -> dict[str, Any]:
    data = await stack.admin(VARIANT_PRICE, {"query": f"sku:{sku}"})
    nodes: list[dict[str, Any]] = data["productVariants"]["nodes"]
    return nodes[0] if nodes else {}


PRODUCT: Final = """
query Product($handle: String!) {
  productByHandle(handle: $handle) { id variants(first: 5) { nodes { sku } } }
}
"""
