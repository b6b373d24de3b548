"""A customer's addresses: ``MailingAddress`` documents kept inside the customer.

Ids take the form Shopify gives customer addresses,
``gid://shopify/MailingAddress/<n>?model_name=CustomerAddress``. Country names come
from the schema's ``CountryCode`` descriptions ("Canada."). ``province`` is the
deprecated ``province`` input when sent, else the province code: the sandbox has no
subdivision table. ``formatted`` is stored in its default form (no name, no company).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from graphql import GraphQLEnumType

from shopbridge.sandbox.gid import gid
from shopbridge.sandbox.schema import load_schema
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "ADDRESS_INPUTS",
    "address_content",
    "address_doc",
    "country_name",
    "find_address",
    "same_address",
]

ADDRESS_INPUTS: Final = frozenset(
    {"address1", "address2", "city", "company", "country", "countryCode", "firstName",
     "lastName", "phone", "province", "provinceCode", "zip", "id"}
)  # fmt: skip
_CONTENT: Final = ("address1", "address2", "city", "company", "countryCodeV2", "firstName",
                   "lastName", "phone", "provinceCode", "zip")  # fmt: skip


@cache
def _country_names() -> dict[str, str]:
    enum = load_schema("admin", "2026-07").get_type("CountryCode")
    assert isinstance(enum, GraphQLEnumType)
    return {code: (v.description or code).rstrip(".") for code, v in enum.values.items()}


def country_name(code: str | None) -> str | None:
    return None if code is None else _country_names().get(code, code)


def _blank(address_id: str) -> Doc:
    return {"__typename": "MailingAddress", "id": address_id, **{key: None for key in _CONTENT}}


def address_doc(
    state: State, given: Mapping[str, Any], current: Mapping[str, Any] | None = None
) -> Doc:
    """An address from a ``MailingAddressInput``; with ``current``, only sent fields change."""
    if current is None:
        number = state.new_id("MailingAddress")
        current = _blank(gid("MailingAddress", number, "model_name=CustomerAddress"))
    return _fill(current, given)


def address_content(given: Mapping[str, Any]) -> Doc:
    """What ``address_doc`` would build, without an id: to compare with ``same_address``."""
    return _fill(_blank(""), given)


def _fill(current: Mapping[str, Any], given: Mapping[str, Any]) -> Doc:
    address = dict(current)
    for key in ("address1", "address2", "city", "company", "firstName", "lastName", "phone",
                "zip", "provinceCode"):  # fmt: skip
        if key in given:
            address[key] = given[key]
    if "countryCode" in given:
        address["countryCodeV2"] = given["countryCode"]
    elif given.get("country") and len(given["country"]) == 2:
        address["countryCodeV2"] = given["country"].upper()
    province = given.get("province") if "province" in given else address.get("province")
    code = address["countryCodeV2"]
    first, last = address["firstName"], address["lastName"]
    city_line = " ".join(p for p in (address["city"], address["provinceCode"], address["zip"]) if p)
    country = country_name(code)
    address.update(
        {
            "countryCode": code,
            "country": country,
            "province": province or address["provinceCode"],
            "name": " ".join(p for p in (first, last) if p) or None,
            "latitude": None,
            "longitude": None,
            "coordinatesValidated": False,
            "timeZone": None,
            "validationResultSummary": None,
            "formatted": [
                line
                for line in (address["address1"], address["address2"], city_line, country)
                if line
            ],
            "formattedArea": ", ".join(
                p for p in (address["city"], address["provinceCode"], country) if p
            )
            or None,
        }
    )
    return address


def same_address(address: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Both describe the same place and person (the fields Shopify compares)."""
    return all(address.get(key) == other.get(key) for key in _CONTENT)


def find_address(customer: Mapping[str, Any], address_id: str) -> dict[str, Any] | None:
    """The customer's address with this id (with or without ``?model_name=``)."""
    wanted = address_id.split("?", maxsplit=1)[0]
    found: dict[str, Any] | None = next(
        (a for a in customer["addresses"] if a["id"].split("?", maxsplit=1)[0] == wanted), None
    )
    return found
