"""What callers send to ``POST /v1/customers``, and what we store for the writer.

A customer is upserted with ``customerSet``, found by (in this order of preference)
``shopify_id``, ``external_id`` (the system's own id, a Shopify custom ID metafield),
``email`` or ``phone``. A field sent is written (``null`` clears it), a field left out
is left as Shopify has it; ``tags`` and ``addresses`` replace the lists. Marketing
consent is written with Shopify's consent mutations. Fields the calling system does
not own (``customers.ownership``) are dropped before anything is stored.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, NotRequired, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic.config import JsonDict

from shopbridge.sources.fulfillments.document import Moment
from shopbridge.sources.inventory.document import ShopName, Text, Version, id_schema, to_gid

__all__ = [
    "MAX_ADDRESSES",
    "MAX_ITEMS",
    "Address",
    "Consent",
    "CustomerBatch",
    "CustomerIdentify",
    "CustomerSingle",
    "CustomerUpsert",
    "StoredConsent",
    "StoredDocument",
    "StoredItem",
]

MAX_ITEMS: Final = 1_000
MAX_ADDRESSES: Final = 100
MAX_TAGS: Final = 250
MAX_NOTE_CHARS: Final = 5_000


def _email(value: str) -> str:
    text = value.strip()
    local, at, domain = text.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in text):
        raise ValueError("must be an email address such as ada@example.com")
    return text


def _country(value: str) -> str:
    if len(value) != 2 or not value.isalpha():
        raise ValueError("must be a two-letter country code such as CA")
    return value.upper()


Email = Annotated[Text, AfterValidator(_email)]
CountryCode = Annotated[str, AfterValidator(_country)]
CustomerId = Annotated[
    str, PlainValidator(to_gid("Customer")), WithJsonSchema(id_schema("Customer"))
]
ConsentState = Literal["subscribed", "unsubscribed", "pending"]
OptInLevel = Literal["single_opt_in", "confirmed_opt_in", "unknown"]


class StoredConsent(TypedDict):
    state: str  # SUBSCRIBED, UNSUBSCRIBED, PENDING
    opt_in_level: NotRequired[str]
    consent_updated_at: NotRequired[str]


class CustomerIdentify(TypedDict):
    """How the writer finds the customer: ``by`` id, custom_id, email or phone.

    A custom ID carries the email and phone sent with it: a customer the custom ID
    does not find yet is looked for by them, then linked to the custom ID.
    """

    by: str
    value: str
    namespace: NotRequired[str]
    key: NotRequired[str]
    email: NotRequired[str]
    phone: NotRequired[str]


class StoredItem(TypedDict):
    """One normalized customer in the stored event body."""

    identify: CustomerIdentify
    system: str | None  # the configured system that sent it (echo suppression)
    fields: dict[str, object]  # email, phone, names, note, locale, tags, addresses
    email_marketing: NotRequired[StoredConsent]
    sms_marketing: NotRequired[StoredConsent]
    ignored: list[str]  # fields dropped because the system does not own them
    version: float


class StoredDocument(TypedDict):
    """The stored event body: topic ``customers/upsert``, source ``customers``."""

    shop: str
    items: list[StoredItem]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Address(_Strict):
    """A mailing address. The list sent replaces the customer's addresses."""

    address1: Text | None = None
    address2: Text | None = None
    city: Text | None = None
    company: Text | None = None
    province_code: Text | None = Field(None, examples=["ON"])
    country_code: CountryCode | None = Field(None, examples=["CA"])
    zip: Text | None = None
    first_name: Text | None = None
    last_name: Text | None = None
    phone: Text | None = None


class Consent(_Strict):
    """Marketing consent: its state, and how and when the customer gave or withdrew it."""

    state: ConsentState
    opt_in_level: OptInLevel | None = None
    consent_updated_at: Moment | None = Field(
        None, description="When the customer consented or objected (default: now)."
    )


_EXAMPLE: JsonDict = {
    "external_id": "CRM-00042",
    "email": "ada@example.com",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "tags": ["vip"],
    "addresses": [{"address1": "12 St James's Sq", "city": "London", "country_code": "GB"}],
    "email_marketing": {"state": "subscribed", "opt_in_level": "confirmed_opt_in"},
    "version": "2026-07-01T12:00:00Z",
}


class CustomerUpsert(_Strict):
    """One customer, created or updated. Give at least one of shopify_id, external_id,
    email or phone; the first given in that order finds the customer."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    shopify_id: CustomerId | None = Field(None, description="Shopify's customer id.")
    external_id: Text | None = Field(
        None,
        description="The system's own id, kept in the customer metafield customers."
        "external_id names (a Shopify custom ID).",
    )
    email: Email | None = None
    phone: Text | None = Field(None, description="E.164, as +16135551212.")
    first_name: Text | None = None
    last_name: Text | None = None
    note: str | None = Field(None, max_length=MAX_NOTE_CHARS)
    locale: Text | None = Field(None, examples=["en", "fr-CA"])
    tags: list[Text] | None = Field(None, max_length=MAX_TAGS, description="Replaces the tags.")
    addresses: list[Address] | None = Field(
        None, max_length=MAX_ADDRESSES, description="Replaces the addresses."
    )
    email_marketing: Consent | None = None
    sms_marketing: Consent | None = None
    version: Version | None = Field(
        None,
        description="The system's timestamp or sequence number. The newest version per "
        "customer wins; older ones are dropped as stale. Without one, the time of receipt "
        "is used.",
    )


class CustomerSingle(CustomerUpsert):
    """One customer sent alone (no items list)."""

    shop: ShopName = None


class CustomerBatch(_Strict):
    """Up to 1,000 customers for one shop, accepted or refused together."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_EXAMPLE]}]})

    shop: ShopName = None
    items: list[CustomerUpsert] = Field(min_length=1, max_length=MAX_ITEMS)
