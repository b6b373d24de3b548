"""Flow presets: ``preset: order`` puts a clean document before the flow's filter and map."""

from __future__ import annotations

import pytest

from shopbridge import errors, testing
from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.engine.flows import PRESETS, compile_flows


def settings(flows: str) -> Settings:
    return parse_settings(f"""
shops: {{acme: {{domain: acme.myshopify.com, webhook_secret: s}}}}
destinations: {{erp: {{url: "https://erp.example.com/in"}}}}
flows:
{flows}
""")


def test_the_built_in_presets_are_registered() -> None:
    compile_flows(settings("  {}"))
    assert {"order", "refund"} <= set(PRESETS)


def test_without_a_map_the_flow_delivers_the_preset_document() -> None:
    flow = compile_flows(
        settings("""
  orders:
    from: {shopify: orders/create}
    preset: order
    to: [erp]
""")
    )["orders"]
    assert flow.map is not None
    document = flow.map.evaluate(testing.sample_order())
    assert isinstance(document, dict)
    assert document["id"] == 5_678_901_234_567_890_123
    assert [line["sku"] for line in document["lines"]] == ["SKU-TEE-M", "SKU-MUG"]
    assert flow.filter is None


def test_filter_and_map_read_the_document_and_may_extend_it() -> None:
    flow = compile_flows(
        settings("""
  big_orders:
    from: {shopify: [orders/create, orders/paid]}
    preset: order
    filter: $number(totals.total) >= 50
    map: '$merge([$, {"erp_company": "ACME-01", "skus": lines.sku}])'
    to: [erp]
""")
    )["big_orders"]
    assert flow.filter is not None
    assert flow.map is not None
    big = testing.sample_order()  # 2 x 19.00 + 12.50 = 50.50
    small = testing.sample_order(lines=[("SKU-MUG", 1, "12.50")])
    assert flow.filter.matches(big)
    assert not flow.filter.matches(small)
    mapped = flow.map.evaluate(big)
    assert isinstance(mapped, dict)
    assert mapped["erp_company"] == "ACME-01"
    assert mapped["skus"] == ["SKU-TEE-M", "SKU-MUG"]
    assert mapped["id"] == 5_678_901_234_567_890_123  # exact through JSONata too
    assert mapped["totals"]["total"] == "50.50"


@pytest.mark.parametrize(
    ("flow", "path", "message"),
    [
        (
            "  x:\n    from: {shopify: orders/create}\n    preset: invoice\n    to: [erp]",
            "flows.x.preset",
            "unknown preset 'invoice' (known: ",
        ),
        (
            "  x:\n    from: {shopify: [orders/create, refunds/create]}\n    preset: order\n"
            "    to: [erp]",
            "flows.x.from.shopify.1",
            "preset 'order' shapes ",
        ),
        (
            "  x:\n    from: {shopify: orders/delete}\n    preset: order\n    to: [erp]",
            "flows.x.from.shopify.0",
            "not orders/delete",
        ),
    ],
)
def test_a_preset_that_does_not_fit_is_a_config_error_naming_the_field(
    flow: str, path: str, message: str
) -> None:
    with pytest.raises(errors.ConfigError) as caught:
        compile_flows(settings(flow))
    problems = dict(caught.value.problems)
    assert path in problems
    assert message in problems[path]


def test_a_preset_on_a_flow_of_engine_events_is_refused() -> None:
    with pytest.raises(errors.ConfigError) as caught:
        compile_flows(
            settings("""
  x:
    from: {events: [orders/reconciliation_due]}
    preset: order
    to: [erp]
""")
        )
    assert "flows.x.preset" in dict(caught.value.problems)


def test_a_payload_the_preset_cannot_read_fails_the_mapping() -> None:
    flow = compile_flows(
        settings("  x:\n    from: {shopify: refunds/create}\n    preset: refund\n    to: [erp]")
    )["x"]
    assert flow.map is not None
    with pytest.raises(errors.MappingError, match="preset 'refund'"):
        flow.map.evaluate([1, 2, 3])
