"""marketCreate, marketUpdate and marketDelete, with their userErrors."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from tests.unit.sandbox.domains.admining import AdminStore
from tests.unit.sandbox.domains.pricing import (
    MARKET_CREATE,
    codes,
    create_catalog,
    create_market,
    market_store,
)

UPDATE = """
mutation($id: ID!, $input: MarketUpdateInput!) {
  marketUpdate(id: $id, input: $input) {
    market { id name handle status type
      conditions { regionsCondition { regions(first: 5) { nodes {
        ... on MarketRegionCountry { code } } } } }
      currencySettings { baseCurrency { currencyCode } }
      catalogs(first: 5) { nodes { id } } }
    userErrors { field message code }
  }
}
"""
DELETE = """
mutation($id: ID!) { marketDelete(id: $id) { deletedId userErrors { field message code } } }
"""
TO_DELETE = ("input", "conditions", "conditionsToDelete", "regionsCondition")


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return market_store(admin)


def regions(*countries: str) -> dict[str, Any]:
    return {"regionsCondition": {"regions": [{"countryCode": c} for c in countries]}}


def primary_id(store: AdminStore) -> str:
    found: str = store.data("{ markets(first: 1) { nodes { id } } }")["markets"]["nodes"][0]["id"]
    return found


def test_create_region_market(store: AdminStore) -> None:
    given = {"name": "Europe", "conditions": regions("FR", "DE", "FR"),
             "currencySettings": {"baseCurrency": "EUR"}}  # fmt: skip
    market = store.payload(MARKET_CREATE, {"input": given})["market"]
    assert (market["handle"], market["status"], market["type"]) == ("europe", "ACTIVE", "REGION")
    nodes = market["conditions"]["regionsCondition"]["regions"]["nodes"]
    assert [(r["code"], r["name"]) for r in nodes] == [("FR", "France"), ("DE", "Germany")]
    assert market["currencySettings"]["baseCurrency"] == {
        "currencyCode": "EUR", "currencyName": "Euro"}  # fmt: skip


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"name": " "}, [("BLANK", ["input", "name"])]),
        ({"name": "canada"}, [("TAKEN", ["input", "name"])]),
        ({"name": "X", "handle": "ca"}, [("TAKEN", ["input", "handle"])]),
        ({"name": "X", "conditions": regions("CA")},
         [("DUPLICATE_REGION_MARKET", ["input", "conditions"])]),
        ({"name": "X", "status": "DRAFT", "enabled": True},
         [("INVALID_STATUS_AND_ENABLED_COMBINATION", None)]),
        ({"name": "X", "conditions": {"regionsCondition": {"regions": []}}},
         [("SPECIFIED_CONDITIONS_CANNOT_BE_EMPTY",
           ["input", "conditions", "regionsCondition", "regions"])]),
        ({"name": "X", "currencySettings": {"baseCurrency": "XXX"}},
         [("UNSUPPORTED_CURRENCY", ["input", "currencySettings", "baseCurrency"])]),
    ],
)  # fmt: skip
def test_create_refusals(
    store: AdminStore, given: dict[str, Any], expected: list[tuple[str, Any]]
) -> None:
    payload = store.payload(MARKET_CREATE, {"input": given})
    assert payload["market"] is None
    assert codes(payload) == expected
    assert len(store.state.all("Market")) == 1


def test_duplicate_country_in_a_draft_market_is_allowed(store: AdminStore) -> None:
    given = {"name": "Canada 2", "status": "DRAFT", "conditions": regions("CA")}
    assert store.payload(MARKET_CREATE, {"input": given})["userErrors"] == []


def test_make_duplicates_draft(store: AdminStore) -> None:
    first = create_market(store, "France", "FR", "EUR")
    given = {"name": "France 2", "conditions": regions("FR"),
             "makeDuplicateUniqueMarketsDraft": True}  # fmt: skip
    assert store.payload(MARKET_CREATE, {"input": given})["userErrors"] == []
    status = store.data("query($id: ID!) { market(id: $id) { status } }", {"id": first})
    assert status["market"]["status"] == "DRAFT"


def test_unsupported_inputs_are_refused(store: AdminStore) -> None:
    body = store.query(
        MARKET_CREATE,
        {"input": {"name": "X", "webPresences": ["gid://shopify/MarketWebPresence/1"]}},
    )
    assert "not supported" in body["errors"][0]["message"]


def test_update_regions_currency_and_catalogs(store: AdminStore) -> None:
    market = create_market(store, "Europe", "FR", "EUR")
    catalog = create_catalog(store, "Other", primary_id(store))
    given = {
        "name": "Western Europe",
        "conditions": {"conditionsToAdd": regions("DE", "BE"),
                       "conditionsToDelete": regions("FR")},
        "currencySettings": {"baseCurrency": "GBP"},
        "catalogsToAdd": [catalog],
    }  # fmt: skip
    updated = store.payload(UPDATE, {"id": market, "input": given})
    assert updated["userErrors"] == []
    found = updated["market"]
    assert found["name"] == "Western Europe"
    nodes = found["conditions"]["regionsCondition"]["regions"]["nodes"]
    assert [r["code"] for r in nodes] == ["DE", "BE"]
    assert found["currencySettings"]["baseCurrency"]["currencyCode"] == "GBP"
    assert found["catalogs"]["nodes"] == [{"id": catalog}]
    removed = store.payload(UPDATE, {"id": market, "input": {"removeCurrencySettings": True}})
    assert removed["market"]["currencySettings"]["baseCurrency"]["currencyCode"] == "USD"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"conditions": {"conditionsToDelete": regions("FR")}},
         [("CANNOT_DELETE_ONLY_REGION", [*TO_DELETE])]),
        ({"conditions": {"conditionsToDelete": regions("JP")}},
         [("REGION_NOT_FOUND", [*TO_DELETE, "regions"])]),
        ({"conditions": {"conditionsToAdd": regions("CA")}},
         [("DUPLICATE_REGION_MARKET", ["input", "conditions"])]),
        ({"name": "Canada"}, [("TAKEN", ["input", "name"])]),
    ],
)  # fmt: skip
def test_update_refusals(
    store: AdminStore, given: dict[str, Any], expected: list[tuple[str, Any]]
) -> None:
    market = create_market(store, "France", "FR", "EUR")
    payload = store.payload(UPDATE, {"id": market, "input": given})
    assert codes(payload) == expected


def test_primary_market_cannot_be_drafted_or_deleted(store: AdminStore) -> None:
    primary = primary_id(store)
    drafted = store.payload(UPDATE, {"id": primary, "input": {"status": "DRAFT"}})
    assert codes(drafted) == [("CANNOT_DISABLE_PRIMARY_MARKET", ["input", "status"])]
    deleted = store.payload(DELETE, {"id": primary})
    assert codes(deleted) == [("CANNOT_DELETE_PRIMARY_MARKET", ["id"])]
    unknown = store.payload(UPDATE, {"id": "gid://shopify/Market/1", "input": {"name": "Y"}})
    assert codes(unknown) == [("MARKET_NOT_FOUND", ["id"])]


def test_delete_takes_the_market_off_its_catalogs(store: AdminStore) -> None:
    market = create_market(store, "France", "FR", "EUR")
    catalog = create_catalog(store, "France catalog", market)
    assert store.payload(DELETE, {"id": market}) == {"deletedId": market, "userErrors": []}
    data = store.data(
        "query($c: ID!) { catalog(id: $c) {"
        " ... on MarketCatalog { markets(first: 5) { nodes { id } } } } }",
        {"c": catalog},
    )
    assert data["catalog"]["markets"]["nodes"] == []
    assert codes(store.payload(DELETE, {"id": market})) == [("MARKET_NOT_FOUND", ["id"])]
