"""bulk_operations/finish fires once an operation finishes, in the official example's shape."""

from __future__ import annotations

from shopbridge.sandbox import rest
from shopbridge.sandbox.bulk_store import finish, new_operation
from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import topics_for
from tests.unit.sandbox.rest.shapes import official_example

assert rest.bulk_operations  # registers the topic rule


def test_finish_topic_and_payload() -> None:
    state = State()
    seen: list[Change] = []
    state.on_change(seen.append)
    with state.transaction():
        operation = new_operation(state, "QUERY", "{ products { nodes { id } } }", "app")
    finish(state, operation, "COMPLETED", ['{"id":"x"}'], roots=1)
    created, finished = seen
    assert topics_for(created) == []
    [rule] = topics_for(finished)
    payload = rule.render(state, finished)
    assert payload["status"] == "completed"
    assert payload["type"] == "query"
    assert payload["admin_graphql_api_id"] == operation["id"]
    example = official_example("bulk_operations/finish")  # vendored, 2026-07
    assert set(payload) == set(example)
    assert {k: type(v) for k, v in payload.items() if v is not None} == {
        k: type(v) for k, v in example.items() if v is not None
    }
