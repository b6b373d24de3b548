"""Loading shopbridge.yaml: interpolation, every problem with its dotted path."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopbridge import errors
from shopbridge.config.loader import load_settings, parse_settings
from shopbridge.config.starter import starter_config

VALID = """
shops:
  acme: {domain: ACME.myshopify.com, webhook_secret: "${SECRET}"}
destinations:
  erp: {url: "https://erp.example.com/in", auth: {type: bearer, token: "${TOKEN:-fallback}"}}
flows:
  orders: {from: {shopify: orders/create}, to: erp}
"""


def problems(text: str, env: dict[str, str] | None = None) -> list[tuple[str, str]]:
    with pytest.raises(errors.ConfigError) as caught:
        parse_settings(text, env or {})
    return caught.value.problems


def test_valid_file_with_interpolation() -> None:
    settings = parse_settings(VALID, {"SECRET": "s3cret"})
    assert settings.shops["acme"].domain == "acme.myshopify.com"
    assert settings.shops["acme"].webhook_secret == "s3cret"
    destination = settings.destinations["erp"]
    assert destination.auth is not None
    assert destination.auth.type == "bearer"
    assert destination.auth.token == "fallback"  # type: ignore[union-attr]
    assert settings.flows["orders"].to == ["erp"]
    assert settings.flows["orders"].from_.shopify == ["orders/create"]


def test_missing_environment_variable_names_its_path() -> None:
    assert problems(VALID) == [
        ("shops.acme.webhook_secret", "environment variable SECRET is not set")
    ]


def test_escaped_dollar_is_literal() -> None:
    text = VALID.replace("${TOKEN:-fallback}", "$${NOT_A_VAR}")
    settings = parse_settings(text, {"SECRET": "x"})
    assert settings.destinations["erp"].auth.token == "${NOT_A_VAR}"  # type: ignore[union-attr]


def test_unknown_keys_and_bad_values_all_reported() -> None:
    found = dict(
        problems(
            """
server: {port: 70000, colour: blue}
destinations:
  erp: {url: "ftp://x", timeout_secs: 0, signing_secret: abc}
flows:
  f: {from: {shopify: orders/create, source: erp}, to: [erp]}
"""
        )
    )
    assert found["server.port"].startswith("Input should be less than or equal to 65535")
    assert found["server.colour"] == "unknown key"
    assert found["destinations.erp.url"] == "must be an http:// or https:// URL"
    assert "greater than 0" in found["destinations.erp.timeout_secs"]
    assert found["destinations.erp.signing_secret"].startswith("must start with whsec_")
    assert "exactly one of" in found["flows.f.from"]


def test_dangling_references() -> None:
    found = problems(
        """
shops:
  a: {domain: a.myshopify.com, webhook_secret: x}
  b: {domain: a.myshopify.com, webhook_secret: y}
destinations: {erp: {url: "https://e"}}
flows:
  f: {from: {shopify: orders/create, shops: [c]}, to: [erp, erp2]}
  g: {from: {source: pim}, to: [erp]}
"""
    )
    assert ("flows.f.to.1", "unknown destination 'erp2'") in found
    assert ("flows.f.from.shops.0", "unknown shop 'c'") in found
    assert ("flows.g.from.source", "unknown source 'pim'") in found
    assert ("shops.b.domain", "same domain as shops.a") in found


def test_invalid_yaml_says_where() -> None:
    (problem,) = problems("flows: [unclosed")
    assert "line 1" in problem[1]


def test_missing_file_suggests_init(tmp_path: Path) -> None:
    with pytest.raises(errors.ConfigError, match="shopbridge init"):
        load_settings(tmp_path / "nope.yaml")


def test_starter_config_is_valid() -> None:
    settings = parse_settings(starter_config(), {})
    assert "orders_to_erp" in settings.flows
    assert settings.server.operator_token
