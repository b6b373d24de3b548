"""The typed settings: the Admin API part of a shop."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shopbridge.config.schema import ShopSettings

BASE = {"domain": "acme.myshopify.com", "webhook_secret": "s"}


def test_a_shop_may_have_no_admin_credentials() -> None:
    shop = ShopSettings.model_validate(BASE)
    assert not shop.admin_api_enabled
    assert shop.admin_api_url is None


def test_a_static_token_or_client_credentials_enable_the_admin_api() -> None:
    token = ShopSettings.model_validate({**BASE, "access_token": "shpat_x"})
    grant = ShopSettings.model_validate(
        {
            **BASE,
            "client_id": "id",
            "client_secret": "secret",
            "admin_api_url": "http://127.0.0.1:8765/",
        }
    )
    assert token.admin_api_enabled
    assert grant.admin_api_enabled
    assert grant.admin_api_url == "http://127.0.0.1:8765"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"access_token": "t", "client_id": "i", "client_secret": "s"}, "not both"),
        ({"client_id": "i"}, "go together"),
        ({"admin_api_url": "ftp://x"}, r"an http\(s\) URL"),
        ({"admin_api_url": "http://x/?a=1"}, "query or fragment"),
        ({"admin_token": "t"}, "Extra inputs are not permitted"),
    ],
)
def test_bad_admin_settings_are_refused(extra: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ShopSettings.model_validate({**BASE, **extra})
