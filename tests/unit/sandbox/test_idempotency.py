"""``@idempotent(key:)``: required, replayed, refused on mismatch or after a failure."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.idempotency import run_idempotent
from shopbridge.sandbox.registry import Domain, Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.executing import run

MUTATION = """
mutation($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { reason } userErrors { code }
  }
}
"""


def registry(admin: GraphQLSchema, calls: list[str], fail_first: bool = False) -> Registry:
    test = Domain("test")

    @test.mutation("inventorySetQuantities")
    def set_quantities(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
        def action() -> dict[str, Any]:
            calls.append(input["reason"])
            context_of(info).state.put("Marker", len(calls), {"n": len(calls)})
            if fail_first and len(calls) == 1:
                raise RuntimeError("first attempt breaks")
            return {"inventoryAdjustmentGroup": {"reason": input["reason"]}, "userErrors": []}

        def failed(errors: list[dict[str, Any]]) -> dict[str, Any]:
            return {"inventoryAdjustmentGroup": None, "userErrors": errors}

        return run_idempotent(info, {"input": input}, action, failed)

    return Registry(admin, [test])


def variables(reason: str, key: str) -> dict[str, Any]:
    return {"input": {"name": "available", "reason": reason, "quantities": []}, "key": key}


def test_replay_runs_once_and_mismatch_is_refused(admin: GraphQLSchema) -> None:
    calls: list[str] = []
    state = State()
    bound = registry(admin, calls)
    first = run(bound, MUTATION, variables("correction", "k"), state)
    again = run(bound, MUTATION, variables("correction", "k"), state)
    assert first == again
    assert calls == ["correction"]
    assert state.count("Marker") == 1
    other = run(bound, MUTATION, variables("received", "k"), state)
    assert other["data"]["inventorySetQuantities"]["userErrors"] == [
        {"code": "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"}
    ]
    fresh = run(bound, MUTATION, variables("received", "k2"), state)
    assert fresh["data"]["inventorySetQuantities"]["inventoryAdjustmentGroup"] == {
        "reason": "received"
    }


def test_a_key_whose_first_attempt_failed_cannot_be_reused(admin: GraphQLSchema) -> None:
    calls: list[str] = []
    state = State()
    bound = registry(admin, calls, fail_first=True)
    failed = run(bound, MUTATION, variables("correction", "k"), state)
    assert failed["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert state.count("Marker") == 0  # the attempt's writes were undone
    retry = run(bound, MUTATION, variables("correction", "k"), state)
    assert retry["data"]["inventorySetQuantities"]["userErrors"] == [
        {"code": "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"}
    ]
    assert calls == ["correction"]


def test_the_directive_is_required_and_its_key_not_blank(admin: GraphQLSchema) -> None:
    bound = registry(admin, [])
    missing = run(
        bound,
        MUTATION.replace(" @idempotent(key: $key)", "").replace(", $key: String!", ""),
        {"input": variables("correction", "")["input"]},
    )
    assert missing["errors"][0]["message"] == (
        "The @idempotent directive is required for this mutation but was not provided."
    )
    blank = run(bound, MUTATION, variables("correction", "  "))
    assert blank["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
