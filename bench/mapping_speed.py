"""Per-evaluation time of a realistic flow ``map``: jsonata-python vs jsonatapy.

    python bench/mapping_speed.py            # about 20 seconds
    python bench/mapping_speed.py --quick

The payload is a REST-shaped Shopify ``orders/create`` webhook with 20 line items
(discounts, tax lines and money sets per line, as Shopify sends them; about 30 KB
of JSON). The mapping computes totals, reshapes the lines and picks customer
fields. Each engine compiles once and evaluates the already-parsed payload many
times; the median of several timed batches is reported.

Rows:

* ``jsonata-python``: ``jsonata.Jsonata(expr).evaluate(payload)``;
* ``jsonatapy``: ``jsonatapy.compile(expr).evaluate(payload)``;
* ``shopbridge``: ``shopbridge.engine.mapping`` (jsonatapy plus guardrails and
  the big-id guard), once with ids within 2**53 (what Shopify sends today) and
  once with ids beyond it (every id swapped for a token and back).

Both engines must produce the same result, or the run stops. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from importlib import metadata
from typing import Any

import jsonata
import jsonatapy

from shopbridge.engine import mapping

MAPPING = """
(
  $lines := line_items.(
    $discount := $sum([discount_allocations.$number(amount)]);
    {
      "sku": sku,
      "name": title & (variant_title ? " / " & variant_title : ""),
      "quantity": quantity,
      "unit_price": $number(price),
      "discount": $discount,
      "tax": $sum([tax_lines.$number(price)]),
      "line_total": $round($number(price) * quantity - $discount, 2)
    }
  );
  $shipping := $sum(shipping_lines.$number(price));
  $total := $round($sum($lines.line_total) + $shipping + $sum($lines.tax), 2);
  {
    "order_id": id,
    "order_gid": admin_graphql_api_id,
    "order_name": name,
    "placed_at": created_at,
    "currency": currency,
    "customer": {
      "id": customer.id,
      "email": customer.email,
      "name": customer.first_name & " " & customer.last_name,
      "phone": customer.phone,
      "marketing": customer.email_marketing_consent.state = "subscribed"
    },
    "ship_to": shipping_address.{"city": city, "country": country_code, "zip": zip},
    "lines": [$lines],
    "units": $sum($lines.quantity),
    "subtotal": $round($sum($lines.line_total), 2),
    "shipping": $shipping,
    "tax": $round($sum($lines.tax), 2),
    "total": $total,
    "total_matches_shopify": $total = $number(total_price)
  }
)
"""


def money(amount: float, currency: str = "USD") -> dict[str, Any]:
    text = f"{amount:.2f}"
    return {
        "shop_money": {"amount": text, "currency_code": currency},
        "presentment_money": {"amount": text, "currency_code": currency},
    }


def order_payload(lines: int = 20, id_base: int = 6_213_457_051_820) -> dict[str, Any]:
    """A deterministic ``orders/create`` body; ``id_base`` sets the size of every id."""
    line_items, subtotal, discounts, taxes, net = [], 0.0, 0.0, 0.0, 0.0
    for n in range(lines):
        price, quantity = 4.5 + 3.25 * n, 1 + n % 3
        discount = round(price * quantity * 0.1, 2) if n % 4 == 0 else 0.0
        tax = round((price * quantity - discount) * 0.13, 2)
        subtotal, discounts, taxes = subtotal + price * quantity, discounts + discount, taxes + tax
        net += round(price * quantity - discount, 2)
        line_items.append(
            {
                "id": id_base + 1000 + n,
                "admin_graphql_api_id": f"gid://shopify/LineItem/{id_base + 1000 + n}",
                "variant_id": id_base + 2000 + n,
                "product_id": id_base + 3000 + n // 2,
                "sku": f"SKU-{n:03d}",
                "title": f"Organic cotton tee {n}",
                "variant_title": ["S / Black", "M / White", None][n % 3],
                "name": f"Organic cotton tee {n}",
                "vendor": "North Loom",
                "quantity": quantity,
                "current_quantity": quantity,
                "fulfillable_quantity": quantity,
                "fulfillment_service": "manual",
                "fulfillment_status": None,
                "gift_card": False,
                "grams": 180,
                "price": f"{price:.2f}",
                "price_set": money(price),
                "product_exists": True,
                "requires_shipping": True,
                "taxable": True,
                "total_discount": "0.00",
                "total_discount_set": money(0),
                "properties": [{"name": "Gift wrap", "value": "no"}] if n % 5 == 0 else [],
                "discount_allocations": (
                    [
                        {
                            "amount": f"{discount:.2f}",
                            "amount_set": money(discount),
                            "discount_application_index": 0,
                        }
                    ]
                    if discount
                    else []
                ),
                "tax_lines": [
                    {
                        "channel_liable": False,
                        "price": f"{tax:.2f}",
                        "price_set": money(tax),
                        "rate": 0.13,
                        "title": "HST",
                    }
                ],
                "duties": [],
            }
        )
    shipping = 12.0
    total = round(round(net, 2) + shipping + taxes, 2)
    address = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "address1": "123 Queen St W",
        "address2": "Unit 4",
        "city": "Toronto",
        "province": "Ontario",
        "province_code": "ON",
        "country": "Canada",
        "country_code": "CA",
        "zip": "M5H 2M9",
        "phone": "+1 416 555 0100",
        "company": None,
        "latitude": 43.6525,
        "longitude": -79.3839,
    }
    return {
        "id": id_base,
        "admin_graphql_api_id": f"gid://shopify/Order/{id_base}",
        "app_id": 580111,
        "browser_ip": "203.0.113.7",
        "buyer_accepts_marketing": True,
        "cart_token": "c1-7a5b0e3c2f",
        "checkout_id": id_base + 7,
        "confirmation_number": "XK4T2P9QZ",
        "confirmed": True,
        "contact_email": "ada@example.com",
        "created_at": "2026-11-28T09:15:00-05:00",
        "currency": "CAD",
        "current_subtotal_price": f"{subtotal - discounts:.2f}",
        "current_total_price": f"{total:.2f}",
        "current_total_tax": f"{taxes:.2f}",
        "email": "ada@example.com",
        "financial_status": "paid",
        "fulfillment_status": None,
        "landing_site": "/collections/tees",
        "name": "#1042",
        "note": "Leave at the side door",
        "note_attributes": [{"name": "source", "value": "instagram"}],
        "number": 42,
        "order_number": 1042,
        "order_status_url": "https://shop.example.com/orders/abc/authenticate?key=xyz",
        "payment_gateway_names": ["shopify_payments"],
        "phone": None,
        "presentment_currency": "CAD",
        "processed_at": "2026-11-28T09:15:00-05:00",
        "source_name": "web",
        "subtotal_price": f"{subtotal - discounts:.2f}",
        "subtotal_price_set": money(subtotal - discounts),
        "tags": "vip, instagram",
        "taxes_included": False,
        "test": False,
        "token": "2f1b7c1b0b2d4c7e9f3a",
        "total_discounts": f"{discounts:.2f}",
        "total_discounts_set": money(discounts),
        "total_line_items_price": f"{subtotal:.2f}",
        "total_price": f"{total:.2f}",
        "total_price_set": money(total),
        "total_tax": f"{taxes:.2f}",
        "total_weight": 180 * lines,
        "updated_at": "2026-11-28T09:15:01-05:00",
        "billing_address": address,
        "shipping_address": address,
        "customer": {
            "id": id_base + 9,
            "email": "ada@example.com",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "phone": "+14165550100",
            "state": "enabled",
            "currency": "CAD",
            "verified_email": True,
            "tags": "vip",
            "created_at": "2024-02-01T10:00:00-05:00",
            "email_marketing_consent": {"state": "subscribed", "opt_in_level": "single_opt_in"},
            "default_address": address,
        },
        "discount_codes": [{"code": "WELCOME10", "amount": f"{discounts:.2f}", "type": "fixed"}],
        "line_items": line_items,
        "shipping_lines": [
            {
                "id": id_base + 11,
                "code": "Standard",
                "title": "Standard",
                "price": f"{shipping:.2f}",
                "price_set": money(shipping),
                "source": "shopify",
                "tax_lines": [],
            }
        ],
        "tax_lines": [{"price": f"{taxes:.2f}", "rate": 0.13, "title": "HST"}],
        "fulfillments": [],
        "refunds": [],
    }


def same(a: Any, b: Any) -> bool:
    """Equal as JSON: numbers by value, booleans never numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


def per_eval_us(run: Callable[[], Any], batches: int, batch_secs: float) -> dict[str, float]:
    for _ in range(20):
        run()
    started, calls = time.perf_counter(), 0
    while time.perf_counter() - started < batch_secs / 4:
        run()
        calls += 1
    per_call = (time.perf_counter() - started) / calls
    count = max(10, int(batch_secs / per_call))
    samples = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(count):
            run()
        samples.append((time.perf_counter() - started) / count * 1e6)
    return {"median_us": statistics.median(samples), "min_us": min(samples), "evals": count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter batches")
    args = parser.parse_args()
    batches, batch_secs = (3, 0.3) if args.quick else (7, 0.6)

    safe = order_payload()
    big = order_payload(id_base=5_678_901_234_567_890_123)
    size_kb = len(json.dumps(safe)) / 1024

    started = time.perf_counter()
    py_expr = jsonata.Jsonata(MAPPING)
    py_compile_us = (time.perf_counter() - started) * 1e6
    started = time.perf_counter()
    rs_expr = jsonatapy.compile(MAPPING)
    rs_compile_us = (time.perf_counter() - started) * 1e6
    mapping.clear_cache()
    ours = mapping.compile_expression(MAPPING, name="bench.map")

    expected = py_expr.evaluate(safe)
    assert expected["total_matches_shopify"] is True, expected["total"]
    for label, got in (
        ("jsonatapy", rs_expr.evaluate(safe)),
        ("shopbridge", ours.evaluate(safe)),
    ):
        if not same(expected, got):
            raise SystemExit(f"{label} disagrees with jsonata-python:\n{expected}\n{got}")
    exact = ours.evaluate(big)
    assert exact["order_id"] == big["id"], exact["order_id"]
    assert exact["customer"]["id"] == big["customer"]["id"]
    lossy = rs_expr.evaluate(big)["order_id"]
    pure = py_expr.evaluate(big)["order_id"]

    rows = {
        "jsonata-python": per_eval_us(lambda: py_expr.evaluate(safe), batches, batch_secs),
        "jsonatapy": per_eval_us(lambda: rs_expr.evaluate(safe), batches, batch_secs),
        "shopbridge (ids < 2^53)": per_eval_us(lambda: ours.evaluate(safe), batches, batch_secs),
        "shopbridge (ids > 2^53)": per_eval_us(lambda: ours.evaluate(big), batches, batch_secs),
    }
    baseline = rows["jsonata-python"]["median_us"]
    print(
        f"orders/create with {len(safe['line_items'])} line items ({size_kb:.1f} KB of JSON), "
        f"mapping of {len(MAPPING.split())} tokens; median of {batches} batches"
    )
    print(f"{'evaluator':<26} {'per eval':>12} {'min':>12}   {'jsonata-python / this':>22}")
    for label, row in rows.items():
        ratio = baseline / row["median_us"]
        print(f"{label:<26} {row['median_us']:>9.1f} us {row['min_us']:>9.1f} us   {ratio:>21.1f}x")
    print(f"compile once: jsonata-python {py_compile_us:.0f} us, jsonatapy {rs_compile_us:.0f} us")
    print(
        f"id {big['id']} through the mapping: shopbridge {exact['order_id']}, "
        f"raw jsonatapy {lossy}, jsonata-python {pure}"
    )

    versions = {name: metadata.version(name) for name in ("jsonata-python", "jsonatapy")}
    print(
        json.dumps(
            {
                "payload_kb": round(size_kb, 1),
                "line_items": len(safe["line_items"]),
                "versions": versions,
                "per_eval_us": {k: round(v["median_us"], 1) for k, v in rows.items()},
                "speedup_vs_jsonata_python": {
                    k: round(baseline / v["median_us"], 1) for k, v in rows.items()
                },
                "compile_us": {
                    "jsonata-python": round(py_compile_us),
                    "jsonatapy": round(rs_compile_us),
                },
                "big_id_exact": {
                    "shopbridge": exact["order_id"] == big["id"],
                    "jsonatapy": lossy == big["id"],
                    "jsonata-python": pure == big["id"],
                },
            }
        )
    )


if __name__ == "__main__":
    main()
