"""``inventorySetQuantities``, ``inventoryAdjustQuantities`` and ``inventoryActivate``.

API 2026-04+ rules (shopify-api.md §2.1, §9): ``@idempotent(key:)`` is required (see
``idempotency``); every quantity/change must send ``changeFromQuantity``, a value or an
explicit ``null`` to skip the check; a value that no longer matches the stored quantity
answers ``CHANGE_FROM_QUANTITY_STALE``. Set: ``name`` is ``available`` or ``on_hand``,
one entry per item and location (``NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR``).
Adjust: ``ledgerDocumentUri`` is required for every quantity name but ``available``
and refused for ``available``. The item must be stocked at the location
(``ITEM_NOT_STOCKED_AT_LOCATION``; stock it with ``inventoryActivate``). Any user error
leaves every quantity unchanged; success answers the ``inventoryAdjustmentGroup``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.inventory_store import (
    QUANTITY_NAMES,
    REASONS,
    activate,
    apply_delta,
    level_at,
    quantity,
    record_group,
)
from shopbridge.sandbox.errors import graphql_error, not_supported
from shopbridge.sandbox.idempotency import require_idempotency_key, run_idempotent
from shopbridge.sandbox.payloads import UserErrors, field_path, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc

__all__ = ["inventory_mutations"]

inventory_mutations = Domain("inventory_mutations")

SET_NAMES: Final = ("available", "on_hand")
ADJUST_NAMES: Final = tuple(name for name in QUANTITY_NAMES if name != "committed")
_URI: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_SET_LIMIT: Final = 1_000_000_000
_ADJUST_LIMIT: Final = 2_000_000_000

Payload = dict[str, Any]


def _require_change_from(entries: Sequence[Mapping[str, Any]], type_name: str) -> None:
    if any("changeFromQuantity" not in entry for entry in entries):
        raise graphql_error(
            f"{type_name} must include the following argument: changeFromQuantity.",
            "INVALID_FIELD_ARGUMENTS",
        )


def _failed(errors: list[dict[str, Any]]) -> Payload:
    return {"inventoryAdjustmentGroup": None, "userErrors": errors}


def _common_errors(
    info: Info, given: Mapping[str, Any], names: Sequence[str], name_code: str
) -> list[dict[str, Any]]:
    errors = []
    if given["name"] not in names:
        errors.append(user_error(info, name_code, ["input", "name"]))
    if given["reason"] not in REASONS:
        errors.append(user_error(info, "INVALID_REASON", ["input", "reason"]))
    reference = given.get("referenceDocumentUri")
    if reference is not None and not _URI.match(reference):
        errors.append(
            user_error(info, "INVALID_REFERENCE_DOCUMENT", ["input", "referenceDocumentUri"])
        )
    return errors


def _level(info: Info, entry: Mapping[str, Any], prefix: list[str]) -> Doc:
    """The level an entry addresses, or ``UserErrors`` for a missing item/location/level."""
    state = context_of(info).state
    if lookup(state, entry["inventoryItemId"], "InventoryItem") is None:
        raise UserErrors([user_error(info, "INVALID_INVENTORY_ITEM", [*prefix, "inventoryItemId"])])
    if lookup(state, entry["locationId"], "Location") is None:
        raise UserErrors([user_error(info, "INVALID_LOCATION", [*prefix, "locationId"])])
    level = level_at(state, entry["inventoryItemId"], entry["locationId"])
    if level is None:
        raise UserErrors(
            [user_error(info, "ITEM_NOT_STOCKED_AT_LOCATION", [*prefix, "locationId"])]
        )
    return level


def _run(
    info: Info,
    given: Mapping[str, Any],
    entries: str,
    apply: Callable[[Mapping[str, Any], list[str]], list[dict[str, Any]]],
) -> Payload:
    """Apply every entry in one savepoint; any user error undoes them all."""
    state = context_of(info).state
    errors: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    try:
        with state.savepoint():
            for index, entry in enumerate(given[entries]):
                try:
                    changes += apply(entry, field_path("input", entries, index))
                except UserErrors as failure:
                    errors += failure.errors
            if errors:
                raise UserErrors(errors)
            group = record_group(
                state,
                given["reason"],
                given.get("referenceDocumentUri"),
                changes,
                context_of(info).app,
            )
    except UserErrors as failure:
        return _failed(failure.errors)
    return {"inventoryAdjustmentGroup": group, "userErrors": []}


@inventory_mutations.mutation("inventorySetQuantities")
def inventory_set_quantities(_root: None, info: Info, input: dict[str, Any]) -> Payload:
    require_idempotency_key(info)
    _require_change_from(input["quantities"], "InventoryQuantityInput")
    name = input["name"]
    seen: set[tuple[str, str]] = set()

    def apply(entry: Mapping[str, Any], prefix: list[str]) -> list[dict[str, Any]]:
        pair = (entry["inventoryItemId"], entry["locationId"])
        if pair in seen:
            raise UserErrors(
                [user_error(info, "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", prefix)]
            )
        seen.add(pair)
        level = _level(info, entry, prefix)
        wanted, current = entry["quantity"], quantity(level, name)
        if wanted < 0:
            raise UserErrors([user_error(info, "INVALID_QUANTITY_NEGATIVE", [*prefix, "quantity"])])
        if wanted > _SET_LIMIT:
            raise UserErrors([user_error(info, "INVALID_QUANTITY_TOO_HIGH", [*prefix, "quantity"])])
        expected = entry["changeFromQuantity"]
        if expected is not None and expected != current:
            raise UserErrors(
                [user_error(info, "CHANGE_FROM_QUANTITY_STALE", [*prefix, "changeFromQuantity"])]
            )
        if wanted == current:
            return []
        made = apply_delta(context_of(info).state, level, name, wanted - current)
        return [{**change, "ledgerDocumentUri": None} for change in made]

    def action() -> Payload:
        errors = _common_errors(info, input, SET_NAMES, "INVALID_NAME")
        return _failed(errors) if errors else _run(info, input, "quantities", apply)

    return run_idempotent(info, {"input": input}, action, _failed)


@inventory_mutations.mutation("inventoryAdjustQuantities")
def inventory_adjust_quantities(_root: None, info: Info, input: dict[str, Any]) -> Payload:
    require_idempotency_key(info)
    _require_change_from(input["changes"], "InventoryChangeInput")
    name = input["name"]

    def apply(entry: Mapping[str, Any], prefix: list[str]) -> list[dict[str, Any]]:
        ledger = entry.get("ledgerDocumentUri")
        where = [*prefix, "ledgerDocumentUri"]
        if name == "available" and ledger is not None:
            raise UserErrors([user_error(info, "INVALID_AVAILABLE_DOCUMENT", where)])
        if name != "available" and ledger is None:
            raise UserErrors([user_error(info, "INVALID_QUANTITY_DOCUMENT", where)])
        if ledger is not None and ledger.startswith("gid://shopify/"):
            raise UserErrors([user_error(info, "INTERNAL_LEDGER_DOCUMENT", where)])
        if ledger is not None and not _URI.match(ledger):
            raise UserErrors([user_error(info, "INVALID_LEDGER_DOCUMENT", where)])
        level = _level(info, entry, prefix)
        current, expected = quantity(level, name), entry["changeFromQuantity"]
        if expected is not None and expected != current:
            raise UserErrors(
                [user_error(info, "CHANGE_FROM_QUANTITY_STALE", [*prefix, "changeFromQuantity"])]
            )
        after = current + entry["delta"]
        if after > _ADJUST_LIMIT or after < -_ADJUST_LIMIT:
            code = "INVALID_QUANTITY_TOO_HIGH" if after > 0 else "INVALID_QUANTITY_TOO_LOW"
            raise UserErrors([user_error(info, code, [*prefix, "delta"])])
        made = apply_delta(context_of(info).state, level, name, entry["delta"])
        return [
            {**change, "ledgerDocumentUri": ledger if change["name"] == name else None}
            for change in made
        ]

    def action() -> Payload:
        errors = _common_errors(info, input, ADJUST_NAMES, "INVALID_QUANTITY_NAME")
        ledgers = {change.get("ledgerDocumentUri") for change in input["changes"]}
        if len(ledgers) > 1:
            errors.append(user_error(info, "MAX_ONE_LEDGER_DOCUMENT", ["input", "changes"]))
        return _failed(errors) if errors else _run(info, input, "changes", apply)

    return run_idempotent(info, {"input": input}, action, _failed)


@inventory_mutations.mutation("inventoryActivate")
def inventory_activate(_root: None, info: Info, **args: Any) -> Payload:
    if args.get("stockAtLegacyLocation"):
        raise not_supported(
            "Argument 'stockAtLegacyLocation' of field 'Mutation.inventoryActivate'"
        )
    state = context_of(info).state

    def failed(errors: list[dict[str, Any]]) -> Payload:
        return {"inventoryLevel": None, "userErrors": errors}

    def action() -> Payload:
        item = lookup(state, args["inventoryItemId"], "InventoryItem")
        if item is None:
            return failed(
                [
                    user_error(
                        info, None, ["inventoryItemId"], "The inventory item couldn't be found."
                    )
                ]
            )
        location = lookup(state, args["locationId"], "Location")
        if location is None:
            return failed(
                [user_error(info, None, ["locationId"], "The location couldn't be found.")]
            )
        level = level_at(state, item["id"], location["id"])
        if level is None:
            available = args.get("available")
            level = activate(
                state,
                item["id"],
                location["id"],
                available if available is not None else args.get("onHand") or 0,
            )
        return {"inventoryLevel": level, "userErrors": []}

    return run_idempotent(info, args, action, failed)
