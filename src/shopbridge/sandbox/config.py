"""The sandbox's settings: the shop, its credentials, its plan and where its data lives.

Credentials left empty are generated. With a data file, generated credentials are
kept in it, so a restarted sandbox answers to the same tokens and signs with the
same secret (``resolve_credentials``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from shopbridge.sandbox.cost import CostModel
from shopbridge.sandbox.throttle import PLANS

if TYPE_CHECKING:
    from shopbridge.sandbox.state import State

__all__ = ["DEFAULT_SHOP_DOMAIN", "SandboxConfig", "resolve_credentials"]

DEFAULT_SHOP_DOMAIN: Final = "sandbox-shop.myshopify.com"
_CREDENTIALS_META: Final = "credentials"


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """Everything that makes one sandbox store.

    ``restore_rate``/``bucket_size`` override the plan's throttle figures (throttle
    pressure in tests); ``clock`` is the bucket's monotonic clock (a fake in tests);
    ``collector_url`` is where simulated shoppers' Web Pixels events go.
    ``webhook_time_scale`` multiplies the webhook retry waits (``0.001`` compresses
    Shopify's four hours to 14 s); ``webhook_timeout_secs`` is how long a receiver
    has to answer (Shopify: 5 s).
    """

    shop_domain: str = DEFAULT_SHOP_DOMAIN
    shop_name: str = "Sandbox Shop"
    currency_code: str = "USD"
    admin_token: str = ""
    storefront_token: str = ""
    storefront_private_token: str = ""
    app_secret: str = ""
    app_name: str = "shopbridge"
    plan: str = "standard"
    data_file: Path | None = None
    cost_model: CostModel = CostModel.DOCUMENTED
    seed: int = 0
    restore_rate: float | None = None
    bucket_size: float | None = None
    clock: Callable[[], float] = time.monotonic
    collector_url: str | None = None
    webhook_time_scale: float = 1.0
    webhook_timeout_secs: float = 5.0

    def __post_init__(self) -> None:
        if self.plan not in PLANS:
            raise ValueError(f"unknown plan {self.plan!r}; expected one of {sorted(PLANS)}")
        if not self.shop_domain.endswith(".myshopify.com"):
            raise ValueError("shop_domain must end with .myshopify.com")
        if self.webhook_time_scale < 0 or self.webhook_timeout_secs <= 0:
            raise ValueError("webhook_time_scale must be >= 0 and webhook_timeout_secs > 0")


def _generate(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(16)}"


def resolve_credentials(config: SandboxConfig, state: State) -> SandboxConfig:
    """Fill empty credentials: from the data file if it has them, else new random ones."""
    stored: dict[str, str] = dict(state.get_meta(_CREDENTIALS_META) or {})
    wanted = {
        "admin_token": ("shpat_", config.admin_token),
        "storefront_token": ("", config.storefront_token),
        "storefront_private_token": ("", config.storefront_private_token),
        "app_secret": ("shpss_", config.app_secret),
    }
    resolved = {
        name: given or stored.get(name) or _generate(prefix)
        for name, (prefix, given) in wanted.items()
    }
    if resolved != stored:
        state.set_meta(_CREDENTIALS_META, resolved)
    return replace(
        config,
        admin_token=resolved["admin_token"],
        storefront_token=resolved["storefront_token"],
        storefront_private_token=resolved["storefront_private_token"],
        app_secret=resolved["app_secret"],
    )
