"""Configuration text for the subscription tests."""

from __future__ import annotations

from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings

PUBLIC_URL = "https://hooks.example.com"
CALLBACK = f"{PUBLIC_URL}/webhooks/shopify"


def settings(flows: str, *, server: str = f"public_url: {PUBLIC_URL}", shops: str = "") -> Settings:
    """Two shops with Admin credentials (acme, beta), one destination, the given flows."""
    text = f"""
server: {{{server}}}
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_a}}
  beta: {{domain: beta.myshopify.com, webhook_secret: s, access_token: shpat_b}}
{shops}
destinations:
  erp: {{url: "https://erp.example.com/hooks"}}
flows:
{flows}
"""
    return parse_settings(text)
