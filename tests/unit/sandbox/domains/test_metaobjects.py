"""Metaobject definitions and entries: create, upsert by handle, update, delete, queries."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.metaobjects import metaobjects
from tests.unit.sandbox.domains.admining import AdminStore

DEFINE = """
mutation($d: MetaobjectDefinitionCreateInput!) { metaobjectDefinitionCreate(definition: $d) {
  metaobjectDefinition { id type name displayNameKey fieldDefinitions { key required type { name } }
    access { admin storefront } capabilities { publishable { enabled } } }
  userErrors { code field message } } }
"""
ENTRY = 'id handle type displayName fields { key value jsonValue } field(key: "size") { value }'
UPSERT = f"""
mutation($h: MetaobjectHandleInput!, $m: MetaobjectUpsertInput) {{
  metaobjectUpsert(handle: $h, metaobject: $m) {{
    metaobject {{ {ENTRY} }} userErrors {{ code field elementKey message }} }} }}
"""
CREATE = f"""
mutation($m: MetaobjectCreateInput!) {{ metaobjectCreate(metaobject: $m) {{
  metaobject {{ {ENTRY} }} userErrors {{ code field elementKey }} }} }}
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    store = AdminStore(admin, [metaobjects])
    defined = store.payload(
        DEFINE,
        {
            "d": {
                "type": "hat_style",
                "name": "Hat style",
                "displayNameKey": "title",
                "fieldDefinitions": [
                    {"key": "title", "type": "single_line_text_field", "required": True},
                    {"key": "size", "type": "number_integer"},
                ],
            }
        },
    )
    assert defined["userErrors"] == []
    return store


def _fields(entry: dict[str, Any]) -> dict[str, Any]:
    return {f["key"]: f["jsonValue"] for f in entry["fields"]}


def test_definition_by_type_and_taken(store: AdminStore) -> None:
    found = store.data(
        '{ metaobjectDefinitionByType(type: "hat_style") { name access { admin } } }'
    )
    assert found["metaobjectDefinitionByType"] == {
        "name": "Hat style",
        "access": {"admin": "PUBLIC_READ_WRITE"},
    }
    again = store.payload(DEFINE, {"d": {"type": "hat_style"}})
    assert again["userErrors"][0]["code"] == "TAKEN"
    short = store.payload(DEFINE, {"d": {"type": "ab"}})
    assert short["userErrors"][0]["code"] == "TOO_SHORT"


def test_create_generates_handle_from_display_name(store: AdminStore) -> None:
    first = store.payload(
        CREATE,
        {
            "m": {
                "type": "hat_style",
                "fields": [{"key": "title", "value": "Summer Hat!"}, {"key": "size", "value": "3"}],
            }
        },
    )
    assert first["userErrors"] == []
    entry = first["metaobject"]
    assert (entry["handle"], entry["displayName"]) == ("summer-hat", "Summer Hat!")
    assert _fields(entry) == {"title": "Summer Hat!", "size": 3}
    assert entry["field"] == {"value": "3"}
    second = store.payload(
        CREATE, {"m": {"type": "hat_style", "fields": [{"key": "title", "value": "Summer hat"}]}}
    )
    assert second["metaobject"]["handle"] == "summer-hat-1"


def test_create_errors(store: AdminStore) -> None:
    cases = [
        ({"type": "nope", "fields": []}, "UNDEFINED_OBJECT_TYPE"),
        ({"type": "hat_style", "fields": [{"key": "size", "value": "1"}]}, "OBJECT_FIELD_REQUIRED"),
        (
            {
                "type": "hat_style",
                "fields": [{"key": "title", "value": "a"}, {"key": "x", "value": "1"}],
            },
            "UNDEFINED_OBJECT_FIELD",
        ),
        (
            {
                "type": "hat_style",
                "fields": [{"key": "title", "value": "a"}, {"key": "size", "value": "big"}],
            },
            "INVALID_VALUE",
        ),
    ]
    for given, code in cases:
        payload = store.payload(CREATE, {"m": given})
        assert payload["metaobject"] is None
        assert payload["userErrors"][0]["code"] == code, given
    assert store.state.all("Metaobject") == []


def test_upsert_by_handle_creates_then_updates(store: AdminStore) -> None:
    handle = {"type": "hat_style", "handle": "winter"}
    created = store.payload(
        UPSERT,
        {
            "h": handle,
            "m": {"fields": [{"key": "title", "value": "Winter"}, {"key": "size", "value": "5"}]},
        },
    )
    assert created["userErrors"] == []
    assert created["metaobject"]["handle"] == "winter"
    updated = store.payload(UPSERT, {"h": handle, "m": {"fields": [{"key": "size", "value": "6"}]}})
    assert updated["metaobject"]["id"] == created["metaobject"]["id"]
    assert _fields(updated["metaobject"]) == {"title": "Winter", "size": 6}
    missing_required = store.payload(
        UPSERT,
        {
            "h": {"type": "hat_style", "handle": "spring"},
            "m": {"fields": [{"key": "size", "value": "1"}]},
        },
    )
    assert missing_required["userErrors"][0]["code"] == "OBJECT_FIELD_REQUIRED"
    by_handle = store.data(
        '{ metaobjectByHandle(handle: {type: "hat_style", handle: "winter"}) { id } }'
    )
    assert by_handle["metaobjectByHandle"]["id"] == created["metaobject"]["id"]


def test_update_query_and_delete(store: AdminStore) -> None:
    ids = []
    for title, size in (("Alpha", "1"), ("Beta", "2"), ("Gamma", "2")):
        payload = store.payload(
            CREATE,
            {
                "m": {
                    "type": "hat_style",
                    "fields": [{"key": "title", "value": title}, {"key": "size", "value": size}],
                }
            },
        )
        ids.append(payload["metaobject"]["id"])
    updated = store.payload(
        """mutation($id: ID!) { metaobjectUpdate(id: $id, metaobject: {handle: "first",
          fields: [{key: "title", value: "Alpha 2"}]}) { metaobject { handle displayName }
          userErrors { code } } }""",
        {"id": ids[0]},
    )
    assert updated["metaobject"] == {"handle": "first", "displayName": "Alpha 2"}
    listed = store.data(
        """{ metaobjects(type: "hat_style", first: 10, query: "fields.size:2",
          sortKey: "display_name", reverse: true) { nodes { displayName } } }"""
    )
    assert [n["displayName"] for n in listed["metaobjects"]["nodes"]] == ["Gamma", "Beta"]
    deleted = store.payload(
        "mutation($id: ID!) { metaobjectDelete(id: $id) { deletedId userErrors { code } } }",
        {"id": ids[1]},
    )
    assert deleted == {"deletedId": ids[1], "userErrors": []}
    gone = store.payload(
        "mutation($id: ID!) { metaobjectDelete(id: $id) { deletedId userErrors { code } } }",
        {"id": ids[1]},
    )
    assert gone["userErrors"] == [{"code": "RECORD_NOT_FOUND"}]
    count = store.data('{ metaobjectDefinitionByType(type: "hat_style") { metaobjectsCount } }')
    assert count["metaobjectDefinitionByType"]["metaobjectsCount"] == 2
