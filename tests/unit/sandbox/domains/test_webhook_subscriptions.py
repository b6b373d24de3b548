"""webhookSubscriptionCreate/Update/Delete and the subscription queries."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.executing import run

CREATE = """
mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription {
      id topic uri callbackUrl filter includeFields name format metafieldNamespaces
      apiVersion { handle } createdAt updatedAt legacyResourceId
      endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }
    }
    userErrors { field message }
  }
}
"""
UPDATE = """
mutation($id: ID!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionUpdate(id: $id, webhookSubscription: $sub) {
    webhookSubscription { id uri filter name }
    userErrors { field message }
  }
}
"""
DELETE = """
mutation($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}
"""


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


@pytest.fixture
def state() -> State:
    return State()


def create(registry: Registry, state: State, topic: str, **sub: Any) -> dict[str, Any]:
    body = run(registry, CREATE, {"topic": topic, "sub": sub}, state)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["webhookSubscriptionCreate"]
    return payload


def test_registry_fields_exist_in_the_schema(registry: Registry) -> None:
    assert registry.unknown_fields() == []


def test_create_answers_the_subscription(registry: Registry, state: State) -> None:
    payload = create(
        registry,
        state,
        "PRODUCTS_UPDATE",
        uri="https://example.com/hooks",
        filter="status:active",
        includeFields=["id"],
        name="catalog-sync",
    )
    assert payload["userErrors"] == []
    sub = payload["webhookSubscription"]
    assert sub["topic"] == "PRODUCTS_UPDATE"
    assert sub["uri"] == sub["callbackUrl"] == "https://example.com/hooks"
    assert sub["endpoint"] == {
        "__typename": "WebhookHttpEndpoint",
        "callbackUrl": "https://example.com/hooks",
    }
    assert (sub["format"], sub["includeFields"], sub["metafieldNamespaces"]) == ("JSON", ["id"], [])
    assert sub["apiVersion"] == {"handle": "2026-07"}
    assert sub["legacyResourceId"] == sub["id"].rsplit("/", 1)[1]


@pytest.mark.parametrize(
    ("sub", "field", "message"),
    [
        ({"uri": "ftp://example.com"}, ["webhookSubscription", "uri"], "Address is invalid"),
        ({}, ["webhookSubscription", "uri"], "Address can't be blank"),
        (
            {"uri": "https://a.example", "name": "x" * 51},
            ["webhookSubscription", "name"],
            "Name is too long (maximum is 50 characters)",
        ),
        (
            {"uri": "https://a.example", "name": "bad name"},
            ["webhookSubscription", "name"],
            "Name can only contain letters, numbers, underscores and hyphens",
        ),
        (
            {"uri": "https://a.example", "filter": "shirts"},
            ["webhookSubscription", "filter"],
            None,
        ),
    ],
)
def test_invalid_input_answers_user_errors(
    registry: Registry, state: State, sub: dict[str, Any], field: list[str], message: str | None
) -> None:
    payload = create(registry, state, "PRODUCTS_CREATE", **sub)
    assert payload["webhookSubscription"] is None
    [error] = payload["userErrors"]
    assert error["field"] == field
    if message is not None:
        assert error["message"] == message
    assert state.count("WebhookSubscription") == 0


def test_one_address_per_topic_and_unique_names(registry: Registry, state: State) -> None:
    create(registry, state, "PRODUCTS_UPDATE", uri="https://a.example", name="one")
    again = create(registry, state, "PRODUCTS_UPDATE", uri="https://a.example")
    assert again["userErrors"] == [
        {
            "field": ["webhookSubscription", "uri"],
            "message": "Address for this topic has already been taken",
        }
    ]
    other_topic = create(registry, state, "PRODUCTS_CREATE", uri="https://a.example", name="one")
    assert other_topic["userErrors"][0]["message"] == "Name has already been taken"
    assert create(registry, state, "PRODUCTS_CREATE", uri="https://a.example")["userErrors"] == []


def test_pubsub_eventbridge_and_xml_are_not_supported(registry: Registry, state: State) -> None:
    for sub in (
        {"uri": "pubsub://project:topic"},
        {"uri": "arn:aws:events:us-east-1::event-source/aws.partner/shopify.com/1/source"},
        {"uri": "https://a.example", "format": "XML"},
    ):
        body = run(registry, CREATE, {"topic": "PRODUCTS_UPDATE", "sub": sub}, state)
        assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"


def test_update_and_delete(registry: Registry, state: State) -> None:
    sub_id = create(registry, state, "PRODUCTS_UPDATE", uri="https://a.example")[
        "webhookSubscription"
    ]["id"]
    body = run(registry, UPDATE, {"id": sub_id, "sub": {"filter": "status:active"}}, state)
    updated = body["data"]["webhookSubscriptionUpdate"]["webhookSubscription"]
    assert (updated["uri"], updated["filter"]) == ("https://a.example", "status:active")
    body = run(registry, DELETE, {"id": sub_id}, state)
    assert body["data"]["webhookSubscriptionDelete"] == {
        "deletedWebhookSubscriptionId": sub_id,
        "userErrors": [],
    }
    body = run(registry, DELETE, {"id": sub_id}, state)
    assert body["data"]["webhookSubscriptionDelete"]["userErrors"] == [
        {"field": ["id"], "message": "Webhook subscription does not exist"}
    ]


def test_queries_filter_paginate_and_count(registry: Registry, state: State) -> None:
    for n, topic in enumerate(("PRODUCTS_UPDATE", "PRODUCTS_CREATE", "ORDERS_CREATE")):
        create(registry, state, topic, uri=f"https://{n}.example")
    body = run(
        registry,
        """{ a: webhookSubscriptions(first: 2, topics: [PRODUCTS_UPDATE, ORDERS_CREATE]) {
               nodes { topic } pageInfo { hasNextPage } }
             b: webhookSubscriptions(first: 5, uri: "https://1.example") { nodes { topic } }
             c: webhookSubscriptionsCount(query: "topic:ORDERS_CREATE") { count precision } }""",
        state=state,
    )
    data = body["data"]
    assert [n["topic"] for n in data["a"]["nodes"]] == ["PRODUCTS_UPDATE", "ORDERS_CREATE"]
    assert data["a"]["pageInfo"]["hasNextPage"] is False
    assert data["b"]["nodes"] == [{"topic": "PRODUCTS_CREATE"}]
    assert data["c"] == {"count": 1, "precision": "EXACT"}
