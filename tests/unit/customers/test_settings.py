"""The systems and customers config: references are checked with their paths."""

from __future__ import annotations

import pytest

from shopbridge import errors
from shopbridge.config.loader import parse_settings

BASE = """
destinations:
  crm: {url: "https://crm.example.com/hooks"}
  cdp: {url: "https://cdp.example.com/hooks"}
"""


def test_systems_and_ownership_that_refer_to_nothing_are_refused_with_their_path() -> None:
    text = (
        BASE
        + """
systems:
  crm: {api_keys: [crm-prod], destinations: [crm, nowhere]}
  cdp: {api_keys: [crm-prod], destinations: [cdp, crm]}
customers:
  ownership: {tags: crm, note: sap}
"""
    )
    with pytest.raises(errors.ConfigError) as caught:
        parse_settings(text)
    assert caught.value.problems == [
        ("systems.crm.destinations.1", "unknown destination 'nowhere'"),
        ("systems.cdp.destinations.1", "'crm' already belongs to systems.crm"),
        ("systems.cdp.api_keys.0", "'crm-prod' already belongs to systems.crm"),
        ("customers.ownership.note", "unknown owner 'sap' (known: cdp, crm, shopify)"),
    ]


def test_a_valid_config_reads_with_defaults() -> None:
    settings = parse_settings(
        BASE + "systems: {crm: {api_keys: [k], destinations: [crm]}}\n"
        "customers: {ownership: {email: shopify}}\n"
        "fulfillments: {order_reference: {type: metafield, namespace: erp, key: order_no}}\n"
    )
    assert settings.customers.external_id.key == "external_id"
    assert settings.fulfillments.order_reference.key == "order_no"
    with pytest.raises(errors.ConfigError, match="needs 'namespace' and 'key'"):
        parse_settings("fulfillments: {order_reference: {type: metafield}}")
    with pytest.raises(errors.ConfigError, match=r"customers\.ownership"):
        parse_settings("customers: {ownership: {shoe_size: shopify}}")
