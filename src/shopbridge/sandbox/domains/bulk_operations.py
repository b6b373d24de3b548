"""Bulk operations: ``bulkOperationRunQuery``/``RunMutation``/``Cancel`` and their queries.

The mutations check and record an operation (``CREATED``); ``bulk_runner.Worker`` runs
it in the background. Refusals: a query breaking the bulk rules
(``bulk_query.check_query``) is ``INVALID`` on ``query``; more than five operations in
progress for the app is ``LIMIT_REACHED`` (2026-01 and later allow five); a bulk
mutation whose staged file is missing is ``NO_SUCH_FILE``, whose lines are not JSON
objects ``INVALID_STAGED_UPLOAD_FILE``, whose document is not one valid mutation
``INVALID_MUTATION``. ``bulkOperationRunQuery(groupObjects: true)`` is refused (the
sandbox writes the ungrouped form); the mutation's deprecated ``groupObjects`` (default
true) changes nothing in a result file of one line per input line, so it is accepted.
``bulkOperationCancel`` of a finished operation answers a ``userErrors`` entry;
``bulkOperations`` lists the app's operations, newest first.
"""

from __future__ import annotations

import json
from typing import Any

from graphql import OperationDefinitionNode, parse
from graphql.error import GraphQLSyntaxError
from graphql.language import OperationType

from shopbridge.sandbox.bulk_query import check_query
from shopbridge.sandbox.bulk_store import (
    BULK,
    IN_PROGRESS,
    MAX_IN_PROGRESS,
    in_progress,
    new_operation,
)
from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.payloads import user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc
from shopbridge.sandbox.uploads import read_upload
from shopbridge.sandbox.validation import validate_document

__all__ = ["bulk_operations"]

bulk_operations = Domain("bulk_operations")
bulk_operations.node("BulkOperation")(stored_node)


def _limit_error(info: Info) -> dict[str, Any] | None:
    ctx = context_of(info)
    if len(in_progress(ctx.state, ctx.app)) >= MAX_IN_PROGRESS:
        return user_error(info, "LIMIT_REACHED", None)
    return None


@bulk_operations.mutation("bulkOperationRunQuery")
def bulk_operation_run_query(
    _root: None, info: Info, query: str, groupObjects: bool = False
) -> dict[str, Any]:
    if groupObjects:
        raise not_supported("bulkOperationRunQuery with groupObjects: true")
    ctx = context_of(info)
    _document, problem = check_query(ctx.registry.schema, query)
    if problem is not None:
        return {
            "bulkOperation": None,
            "userErrors": [user_error(info, "INVALID", ["query"], problem)],
        }
    limit = _limit_error(info)
    if limit is not None:
        return {"bulkOperation": None, "userErrors": [limit]}
    operation = new_operation(ctx.state, "QUERY", query, ctx.app, version=ctx.version)
    return {"bulkOperation": operation, "userErrors": []}


def _mutation_problem(info: Info, mutation: str) -> str | None:
    schema = context_of(info).registry.schema
    try:
        document = parse(mutation)
    except GraphQLSyntaxError as exc:
        return f"Invalid mutation: {exc.message}"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.MUTATION:
        return "The document must hold exactly one mutation."
    if len(operations[0].selection_set.selections) != 1:
        return "The mutation must have exactly one root field."
    errors = validate_document(schema, document, None, None)
    static = [e for e in errors if (e.get("extensions") or {}).get("code") != "INVALID_VARIABLE"]
    return f"Invalid mutation: {static[0]['message']}" if static else None


@bulk_operations.mutation("bulkOperationRunMutation")
def bulk_operation_run_mutation(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    ctx = context_of(info)

    def fail(code: str, field: list[str] | None, message: str | None = None) -> dict[str, Any]:
        return {"bulkOperation": None, "userErrors": [user_error(info, code, field, message)]}

    problem = _mutation_problem(info, args["mutation"])
    if problem is not None:
        return fail("INVALID_MUTATION", ["mutation"], problem)
    found = read_upload(ctx.state, args["stagedUploadPath"])
    if found is None:
        return fail("NO_SUCH_FILE", ["stagedUploadPath"])
    try:
        lines = [json.loads(line) for line in found[0].decode().splitlines() if line.strip()]
    except (UnicodeDecodeError, ValueError):
        lines = [None]
    if not all(isinstance(line, dict) for line in lines):
        return fail("INVALID_STAGED_UPLOAD_FILE", ["stagedUploadPath"])
    limit = _limit_error(info)
    if limit is not None:
        return fail("LIMIT_REACHED", None)
    operation = new_operation(
        ctx.state, "MUTATION", args["mutation"], ctx.app, version=ctx.version,
        stagedUploadPath=args["stagedUploadPath"], clientIdentifier=args.get("clientIdentifier"),
    )  # fmt: skip
    return {"bulkOperation": operation, "userErrors": []}


@bulk_operations.mutation("bulkOperationCancel")
def bulk_operation_cancel(_root: None, info: Info, id: str) -> dict[str, Any]:
    state = context_of(info).state
    found = lookup(state, id, BULK)
    if found is None:
        error = user_error(info, None, ["id"], "Bulk operation does not exist")
        return {"bulkOperation": None, "userErrors": [error]}
    if found["status"] not in IN_PROGRESS:
        message = f"A bulk operation cannot be canceled when it is {found['status'].lower()}"
        return {"bulkOperation": found, "userErrors": [user_error(info, None, None, message)]}
    return {"bulkOperation": state.save({**found, "status": "CANCELING"}), "userErrors": []}


@bulk_operations.query("bulkOperation")
def bulk_operation(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(context_of(info).state, id, BULK)


@bulk_operations.query("currentBulkOperation")
def current_bulk_operation(_root: None, info: Info, type: str = "QUERY") -> Doc | None:
    ctx = context_of(info)
    mine = [op for op in ctx.state.all(BULK) if op["app"] == ctx.app and op["type"] == type]
    return mine[-1] if mine else None


_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda op: op["id"]),
        "status": Filter("keyword", lambda op: op["status"], multi=True),
        "operation_type": Filter("keyword", lambda op: op["type"]),
        "created_at": Filter("time", lambda op: op["createdAt"]),
    },
    default=lambda op: [op["query"]],
)


@bulk_operations.query("bulkOperations")
def bulk_operations_query(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    ctx = context_of(info)
    mine = [op for op in ctx.state.all(BULK) if op["app"] == ctx.app]
    found = filter_items(info, mine, args.get("query"), _SEARCH)
    sort = sort_function(
        args,
        {"CREATED_AT": lambda op: op["createdAt"], "COMPLETED_AT": lambda op: op["completedAt"]},
        "CREATED_AT",
        "QueryRoot.bulkOperations",
    )
    # newest first by default, as documented: the sort is reversed unless ``reverse``
    return paginate(found, {**args, "reverse": not args.get("reverse")}, sort_value=sort)
