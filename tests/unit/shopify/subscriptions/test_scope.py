"""Which shops are managed, the callback URL, and the configuration that says so."""

from __future__ import annotations

import pytest

from shopbridge import errors
from shopbridge.shopify.subscriptions import callback_url, managed_shops, manages, why_unmanaged

from .settings import CALLBACK, PUBLIC_URL, settings

FLOW = """
  orders:
    from: {shopify: orders/create}
    to: [erp]
"""
NO_CREDENTIALS = "  plain: {domain: plain.myshopify.com, webhook_secret: s}"


def test_shops_with_credentials_are_managed_by_default_once_public_url_is_set() -> None:
    config = settings(FLOW, shops=NO_CREDENTIALS)
    assert callback_url(config) == CALLBACK
    assert managed_shops(config) == ["acme", "beta"]
    assert config.webhook_subscriptions.check_interval_secs == 600.0
    path, message = why_unmanaged(config, "plain") or ("", "")
    assert path == "shops.plain"
    assert "Admin API credentials" in message


def test_without_public_url_nothing_is_managed_and_the_field_is_named() -> None:
    config = settings(FLOW, server="port: 8080")
    assert callback_url(config) is None
    assert managed_shops(config) == []
    path, message = why_unmanaged(config, "acme") or ("", "")
    assert path == "server.public_url"
    assert "https base URL" in message


def test_manage_webhooks_false_turns_one_shop_off() -> None:
    shop = "  gamma: {domain: gamma.myshopify.com, webhook_secret: s, access_token: t, "
    config = settings(FLOW, shops=shop + "manage_webhooks: false}")
    assert not manages(config, "gamma")
    assert (why_unmanaged(config, "gamma") or ("",))[0] == "shops.gamma.manage_webhooks"
    assert (why_unmanaged(config, "nope") or ("",))[0] == "shops"


def test_public_url_is_a_base_url_without_trailing_slash() -> None:
    config = settings(FLOW, server=f"public_url: '{PUBLIC_URL}/engine/'")
    assert callback_url(config) == f"{PUBLIC_URL}/engine/webhooks/shopify"


@pytest.mark.parametrize(
    ("server", "shops", "flows", "path", "fragment"),
    [
        ("public_url: ftp://x", "", FLOW, "server.public_url", "https URL"),
        (f"public_url: '{PUBLIC_URL}/?a=1'", "", FLOW, "server.public_url", "query"),
        (
            "port: 8080",
            "  g: {domain: g.myshopify.com, webhook_secret: s, access_token: t, "
            "manage_webhooks: true}",
            FLOW,
            "server.public_url",
            "shops.g.manage_webhooks",
        ),
        (
            f"public_url: {PUBLIC_URL}",
            "  g: {domain: g.myshopify.com, webhook_secret: s, manage_webhooks: true}",
            FLOW,
            "shops.g.manage_webhooks",
            "Admin API credentials",
        ),
        (
            f"public_url: {PUBLIC_URL}",
            "",
            "  x:\n    from: {shopify: orders/create, include_fields: ['line items']}\n"
            "    to: [erp]",
            "flows.x.from.include_fields",
            "not a field path",
        ),
        (
            f"public_url: {PUBLIC_URL}",
            "sources:\n  erp: {}",
            "  x:\n    from: {source: erp, webhook_filter: 'a:b'}\n    to: [erp]",
            "flows.x.from",
            "only apply to 'shopify' inputs",
        ),
    ],
)
def test_bad_settings_name_the_field(
    server: str, shops: str, flows: str, path: str, fragment: str
) -> None:
    with pytest.raises(errors.ConfigError) as raised:
        settings(flows, server=server, shops=shops)
    assert any(
        where.startswith(path) and fragment in message for where, message in raised.value.problems
    ), raised.value.problems
