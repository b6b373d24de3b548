"""The marketing: sections (global and per shop): defaults, the merge, errors naming the field."""

from __future__ import annotations

import pytest

from shopbridge import errors
from shopbridge.config.loader import parse_settings
from shopbridge.marketing import settings as marketing
from shopbridge.marketing import topics

SHOP = "acme: {domain: acme.myshopify.com, webhook_secret: s, access_token: t}"
KEY = "k" * 24


def test_defaults_suit_a_live_shop() -> None:
    found = parse_settings("").marketing
    assert found.abandoned_checkout.enabled
    assert found.abandoned_checkout.require_contact
    assert found.abandoned_checkout.delay_secs == 3600
    assert found.purchases.enabled
    assert not found.browse_abandonment.enabled
    assert found.browse_abandonment.require_customer
    assert found.collector.key is None
    assert found.collector.allow_null_origin


def test_a_shop_overrides_the_global_section_field_by_field() -> None:
    settings = parse_settings(
        f"""
marketing:
  abandoned_checkout: {{delay_secs: 600, require_contact: false}}
  collector: {{allowed_origins: ["https://www.acme.com"], rate_limit: {{ip_burst: 10}}}}
shops:
  {SHOP}
  other:
    domain: other.myshopify.com
    webhook_secret: s
    marketing:
      abandoned_checkout: {{delay_secs: 60}}
      collector: {{key: {KEY}, rate_limit: {{client_burst: 80}}}}
"""
    )
    acme = marketing.effective(settings.marketing, settings.shops["acme"].marketing)
    other = marketing.effective(settings.marketing, settings.shops["other"].marketing)
    assert acme == settings.marketing
    assert (other.abandoned_checkout.delay_secs, other.abandoned_checkout.require_contact) == (
        60,
        False,
    )
    assert other.collector.key == KEY
    assert other.collector.allowed_origins == ["https://www.acme.com"]
    assert (other.collector.rate_limit.ip_burst, other.collector.rate_limit.client_burst) == (
        10,
        80,
    )


def test_the_shop_domain_and_null_are_allowed_origins_by_default() -> None:
    collector = parse_settings("marketing: {collector: {allowed_origins: [HTTPS://Shop.COM/]}}")
    origins = marketing.allowed_origins(collector.marketing.collector, "Acme.myshopify.com")
    assert origins == {"https://acme.myshopify.com", "https://shop.com", "null"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            f"marketing: {{collector: {{key: {KEY}}}}}",
            "marketing.collector.key: set the collector key per shop",
        ),
        (
            "marketing: {abandoned_checkout: {delay_secs: 0}}",
            "marketing.abandoned_checkout.delay_secs: Input should be greater than 0",
        ),
        (
            "marketing: {collector: {allowed_origins: [https://acme.com/shop]}}",
            "marketing.collector.allowed_origins: 'https://acme.com/shop' is not an origin",
        ),
        (
            "marketing: {collector: {max_events_per_request: 100}}",
            "marketing.collector.max_events_per_request: 100 is more than "
            "rate_limit.client_burst (60)",
        ),
        (
            "marketing: {collector: {key: short}}",
            "marketing.collector.key: String should have at least 16 characters",
        ),
        ("marketing: {browse: {}}", "marketing.browse: unknown key"),
    ],
)
def test_a_bad_section_is_a_config_error_naming_the_field(text: str, problem: str) -> None:
    with pytest.raises(errors.ConfigError) as caught:
        parse_settings(text)
    assert any(problem in f"{path}: {message}" for path, message in caught.value.problems), (
        caught.value.problems
    )


def _problems(text: str) -> list[str]:
    with pytest.raises(errors.ConfigError) as caught:
        parse_settings(text)
    return [f"{path}: {message}" for path, message in caught.value.problems]


def test_collector_keys_are_unique_across_shops() -> None:
    found = _problems(
        f"""
shops:
  a: {{domain: a.myshopify.com, webhook_secret: s, marketing: {{collector: {{key: {KEY}}}}}}}
  b: {{domain: b.myshopify.com, webhook_secret: s, marketing: {{collector: {{key: {KEY}}}}}}}
"""
    )
    assert found == ["shops.b.marketing.collector.key: same key as shops.a"]


FLOW = """
destinations:
  crm: {{url: "https://crm.example.com"}}
flows:
  to_crm: {{from: {{events: [{event}]}}, to: [crm]}}
"""


def test_purchases_need_the_admin_api_when_a_flow_takes_them() -> None:
    no_api = "shops:\n  bare: {domain: bare.myshopify.com, webhook_secret: s}\n"
    found = _problems(no_api + FLOW.format(event="marketing/first_purchase"))
    assert len(found) == 1
    assert found[0].startswith("shops.bare.marketing.purchases.enabled: ")
    off = no_api.replace("s}", "s, marketing: {purchases: {enabled: false}}}")
    parse_settings(off + FLOW.format(event="marketing/repeat_purchase"))  # no problem


def test_browse_abandonment_needs_a_collector_key() -> None:
    text = f"""
marketing: {{browse_abandonment: {{enabled: true}}}}
shops:
  {SHOP}
""" + FLOW.format(event="marketing/browse_abandoned")
    assert _problems(text) == [
        "shops.acme.marketing.collector.key: browse abandonment is on, and product views reach "
        "shopbridge only through the collector: set a collector key"
    ]


def test_a_merge_that_breaks_a_rule_names_the_shop() -> None:
    found = _problems(
        """
marketing: {collector: {max_events_per_request: 50}}
shops:
  acme:
    domain: acme.myshopify.com
    webhook_secret: s
    marketing: {collector: {rate_limit: {client_burst: 10}}}
"""
    )
    assert found == [
        "shops.acme.marketing.collector.max_events_per_request: 50 is more than "
        "rate_limit.client_burst (10): a full batch could never pass"
    ]


def test_the_events_that_turn_features_on_are_declared_topics() -> None:
    assert {topics.CHECKOUT_ABANDONED} == marketing.ABANDONED_CHECKOUT_EVENTS
    assert {topics.FIRST_PURCHASE, topics.REPEAT_PURCHASE} == marketing.PURCHASE_EVENTS
    assert {topics.BROWSE_ABANDONED} == marketing.BROWSE_EVENTS
