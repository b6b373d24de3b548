"""Small value objects of orders: money bags, mailing addresses, tax lines, weights.

The sandbox sells in one currency, the shop's, so a ``MoneyBag``'s shop and
presentment amounts are always equal. Addresses are stored in the ``MailingAddress``
shape; the country name comes from a short table of common codes (other codes keep
the code as their name, a known simplification), and ``province`` repeats the
province code since the sandbox has no subdivision table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.payloads import money_v2, parse_decimal
from shopbridge.sandbox.state import State

__all__ = [
    "ZERO",
    "bag_amount",
    "mailing_address",
    "money_bag",
    "sum_bags",
    "tax_line",
    "weight_grams",
]

ZERO: Final = Decimal("0")
_COUNTRIES: Final = {
    "AU": "Australia",
    "CA": "Canada",
    "DE": "Germany",
    "ES": "Spain",
    "FR": "France",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "IT": "Italy",
    "JP": "Japan",
    "MX": "Mexico",
    "NL": "Netherlands",
    "NZ": "New Zealand",
    "US": "United States",
}
_GRAMS_PER: Final = {
    "GRAMS": Decimal(1),
    "KILOGRAMS": Decimal(1000),
    "OUNCES": Decimal("28.349523125"),
    "POUNDS": Decimal("453.59237"),
}


def money_bag(amount: Any, currency: str) -> dict[str, Any]:
    """A ``MoneyBag`` in the shop's currency (presentment money equal to shop money)."""
    money = money_v2(amount, currency)
    return {"shopMoney": money, "presentmentMoney": dict(money)}


def bag_amount(bag: Mapping[str, Any] | None) -> Decimal:
    return ZERO if bag is None else parse_decimal(bag["shopMoney"]["amount"])


def sum_bags(bags: Iterable[Mapping[str, Any] | None], currency: str) -> dict[str, Any]:
    return money_bag(sum((bag_amount(bag) for bag in bags), ZERO), currency)


def tax_line(title: str, rate: Any, amount: Any, currency: str) -> dict[str, Any]:
    rate_value = float(parse_decimal(rate))
    return {
        "title": title,
        "rate": rate_value,
        "ratePercentage": round(rate_value * 100, 4),
        "priceSet": money_bag(amount, currency),
        "channelLiable": False,
        "source": None,
    }


def weight_grams(weight: Mapping[str, Any] | None) -> int:
    if not weight:
        return 0
    return int(parse_decimal(weight["value"]) * _GRAMS_PER.get(weight["unit"], Decimal(1)))


def mailing_address(state: State, given: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A ``MailingAddress`` from a ``MailingAddressInput`` (``None`` stays ``None``)."""
    if not given:
        return None
    code = given.get("countryCode")
    first, last = given.get("firstName"), given.get("lastName")
    name = " ".join(part for part in (first, last) if part) or None
    province_code = given.get("provinceCode")
    city_line = " ".join(p for p in (given.get("city"), province_code, given.get("zip")) if p)
    country = _COUNTRIES.get(code, code) if code else None
    formatted = [
        line
        for line in (given.get("company"), given.get("address1"), given.get("address2"))
        if line
    ]
    formatted += [line for line in (city_line, country) if line]
    return {
        "__typename": "MailingAddress",
        "id": state.new_gid("MailingAddress"),
        "address1": given.get("address1"),
        "address2": given.get("address2"),
        "city": given.get("city"),
        "company": given.get("company"),
        "country": country,
        "countryCodeV2": code,
        "firstName": first,
        "lastName": last,
        "name": name,
        "phone": given.get("phone"),
        "province": province_code,
        "provinceCode": province_code,
        "zip": given.get("zip"),
        "latitude": None,
        "longitude": None,
        "coordinatesValidated": False,
        "formatted": formatted,
        "formattedArea": ", ".join(p for p in (given.get("city"), province_code, country) if p)
        or None,
        "timeZone": None,
        "validationResultSummary": None,
    }
