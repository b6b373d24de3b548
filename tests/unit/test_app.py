"""The composition root: what it builds from a config."""

from __future__ import annotations

from pathlib import Path

from shopbridge.app import WRITER_TOPICS, App
from shopbridge.config.loader import parse_settings


async def test_a_shop_with_a_writer_subscribes_to_the_catalog_changes_its_cache_needs(
    tmp_path: Path,
) -> None:
    settings = parse_settings(f"""
store: {{url: "sqlite:///{tmp_path}/s.db"}}
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_x,
          admin_api_url: "http://127.0.0.1:9"}}
  quiet: {{domain: quiet.myshopify.com, webhook_secret: s}}
""")
    app = App.build(settings)
    try:
        wanted = {need.topic for need in app.topic_needs("acme") if need.origin == "shopify.writer"}
        assert wanted == set(WRITER_TOPICS)
        assert not [n for n in app.topic_needs("quiet") if n.origin == "shopify.writer"]
    finally:
        await app.close()
