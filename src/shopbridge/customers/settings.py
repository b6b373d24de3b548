"""The ``systems:`` and ``customers:`` sections of ``shopbridge.yaml``.

``systems`` says which inbound API keys and which destinations are one and the same
system (the CRM calls ``POST /v1/customers`` with key ``crm-prod`` and receives
customers at destination ``crm``), so that a change a system wrote to Shopify is not
sent back to it. ``customers`` says who owns which customer field and which
metafield holds a system's own customer id.

This module depends on pydantic only, so :mod:`shopbridge.config.schema` can import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "CUSTOMER_FIELDS",
    "SHOPIFY",
    "CustomerField",
    "CustomerSettings",
    "ExternalIdSettings",
    "SystemSettings",
    "reference_problems",
]

SHOPIFY: Final = "shopify"
CustomerField = Literal[
    "email",
    "phone",
    "first_name",
    "last_name",
    "note",
    "locale",
    "tags",
    "addresses",
    "email_marketing",
    "sms_marketing",
]
CUSTOMER_FIELDS: Final[tuple[str, ...]] = CustomerField.__args__  # type: ignore[attr-defined]
_NAMESPACE_PATTERN: Final = r"^(\$app(:[A-Za-z0-9_-]+)?|[A-Za-z0-9_-]{3,255})$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SystemSettings(_Model):
    """One of your systems, seen from both sides: the API keys it calls shopbridge with and
    the destinations that deliver to it. A change it wrote to Shopify through shopbridge
    comes back as a webhook; that echo is not delivered to its destinations."""

    description: str = ""
    api_keys: list[str] = Field(
        default_factory=list,
        description="Names of the inbound API keys this system uses (shopbridge keys create "
        "NAME …).",
        examples=[["crm-prod"]],
    )
    destinations: list[str] = Field(
        default_factory=list,
        description="Destinations that are this system.",
        examples=[["crm"]],
    )


class ExternalIdSettings(_Model):
    """The customer metafield holding a system's own customer id (a Shopify custom ID).

    Create an ``id``-type metafield definition for customers with this namespace and
    key first: Shopify finds and upserts customers by it (``customerSet`` with
    ``identifier.customId``)."""

    namespace: str = Field("custom", pattern=_NAMESPACE_PATTERN)
    key: str = Field("external_id", min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class CustomerSettings(_Model):
    """Customers both ways: who owns which field, where a system's customer id lives."""

    ownership: dict[CustomerField, str] = Field(
        default_factory=dict,
        description="Field → the side that owns it: 'shopify' or a system id. POST "
        "/v1/customers drops fields the calling system does not own (they stay as Shopify "
        "has them). Fields not listed belong to every side: the last write wins.",
        examples=[{"email": "shopify", "tags": "crm", "email_marketing": "shopify"}],
    )
    external_id: ExternalIdSettings = Field(
        default_factory=ExternalIdSettings,
        description="The customer metafield that 'external_id' in POST /v1/customers reads "
        "and writes.",
    )
    echo_wait_secs: float = Field(
        10.0,
        ge=0,
        le=300,
        description="When a customer webhook for a system's destination arrives while a "
        "customers write is still running, how long to wait for that write's outcome "
        "before deciding whether the webhook is its echo.",
    )

    @field_validator("ownership")
    @classmethod
    def _owners_named(cls, value: dict[str, str]) -> dict[str, str]:
        for field, owner in value.items():
            if not owner.strip():
                raise ValueError(f"{field}: name 'shopify' or a system id")
        return value


class _SettingsLike(Protocol):
    @property
    def systems(self) -> Mapping[str, SystemSettings]: ...

    @property
    def customers(self) -> CustomerSettings: ...

    @property
    def destinations(self) -> Mapping[str, object]: ...


def reference_problems(settings: _SettingsLike) -> list[tuple[str, str]]:
    """Systems naming unknown or shared destinations and keys; owners that are not sides."""
    problems: list[tuple[str, str]] = []
    problems += _shared(settings.systems, "destinations", settings.destinations)
    problems += _shared(settings.systems, "api_keys", None)
    sides = {SHOPIFY, *settings.systems}
    for field, owner in settings.customers.ownership.items():
        if owner not in sides:
            known = ", ".join(sorted(sides))
            problems.append(
                (f"customers.ownership.{field}", f"unknown owner '{owner}' (known: {known})")
            )
    return problems


def _shared(
    systems: Mapping[str, SystemSettings], part: str, known: Iterable[str] | None
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    owners: dict[str, str] = {}
    existing = set(known) if known is not None else None
    for name, system in systems.items():
        values: list[str] = getattr(system, part)
        for index, value in enumerate(values):
            where = f"systems.{name}.{part}.{index}"
            if existing is not None and value not in existing:
                problems.append((where, f"unknown destination '{value}'"))
            elif value in owners and owners[value] != name:
                problems.append((where, f"'{value}' already belongs to systems.{owners[value]}"))
            owners.setdefault(value, name)
    return problems
