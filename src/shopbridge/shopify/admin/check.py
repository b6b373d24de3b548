"""Validate the engine's GraphQL documents against the real schema of an API version.

Shopify removes fields and changes input types every quarter; a document that no
longer validates fails at runtime, after the upgrade. Validating every document in
the registry against the vendored schema of the next version turns an upgrade into
a list of what breaks (``shopbridge shopify check-version 2026-10``). Deprecated
fields still validate, so they are listed separately: they are what breaks next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphql import GraphQLSchema, TypeInfo, TypeInfoVisitor, Visitor, validate, visit
from graphql.language import FieldNode

from shopbridge.sandbox.schema import load_schema, supported_versions

from . import documents as registry
from .document import Document

__all__ = ["Finding", "check_documents", "deprecations", "known_versions"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one document: ``line`` is 1-based within the document text."""

    document: str
    line: int | None
    message: str


def known_versions() -> tuple[str, ...]:
    """API versions whose Admin schema ships with shopbridge."""
    return supported_versions("admin")


def _findings(document: Document, schema: GraphQLSchema) -> list[Finding]:
    found = []
    for error in validate(schema, document.node):
        line = error.locations[0].line if error.locations else None
        found.append(Finding(document.name, line, error.message))
    return found


def check_documents(version: str, documents: Iterable[Document] | None = None) -> list[Finding]:
    """Everything in ``documents`` (default: the registry) that does not validate.

    Raises ``shopbridge.sandbox.schema.UnsupportedVersionError`` for a version
    with no vendored schema.
    """
    schema = load_schema("admin", version)
    chosen = registry.ALL if documents is None else documents
    return [finding for document in chosen for finding in _findings(document, schema)]


class _DeprecatedFields(Visitor):
    def __init__(self, type_info: TypeInfo, document: Document, out: list[Finding]) -> None:
        super().__init__()
        self.type_info = type_info
        self.document = document
        self.out = out

    def enter_field(self, node: FieldNode, *_args: object) -> None:
        definition = self.type_info.get_field_def()
        parent = self.type_info.get_parent_type()
        if definition is None or parent is None or definition.deprecation_reason is None:
            return
        line = node.loc.source.get_location(node.loc.start).line if node.loc else None
        reason = " ".join(definition.deprecation_reason.split())
        message = f"{parent.name}.{node.name.value} is deprecated: {reason}"
        self.out.append(Finding(self.document.name, line, message))


def deprecations(version: str, documents: Iterable[Document] | None = None) -> list[Finding]:
    """Fields the documents select that ``version`` marks deprecated."""
    schema = load_schema("admin", version)
    found: list[Finding] = []
    for document in registry.ALL if documents is None else documents:
        type_info = TypeInfo(schema)
        visit(
            document.node, TypeInfoVisitor(type_info, _DeprecatedFields(type_info, document, found))
        )
    return found
