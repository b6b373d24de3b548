"""``Document``: one GraphQL operation the engine sends, with what the client must know of it.

The text is the source of truth; the rest is read from it once, at import: the
operation name and kind, its root field (where the payload sits in ``data``), and
whether it carries ``@idempotent(key:)`` (which makes a mutation safe to resend
after an unknown outcome). ``items`` names the argument path of the input list
whose entries ``userErrors`` point at (``("input", "quantities")``): Shopify writes
``field`` as that path plus the entry's index. ``atomic`` says one bad entry stops
the whole call (the good entries were not applied either and may be resent alone).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import parse
from graphql.language import DocumentNode, FieldNode, OperationDefinitionNode, OperationType

__all__ = ["Document"]


@dataclass(frozen=True, slots=True)
class Document:
    """A named GraphQL operation, parsed once."""

    text: str
    items: tuple[str, ...] | None = None
    atomic: bool = True
    node: DocumentNode = field(init=False, repr=False, compare=False)
    name: str = field(init=False)
    is_mutation: bool = field(init=False)
    root_field: str = field(init=False)
    idempotent: bool = field(init=False)

    def __post_init__(self) -> None:
        node = parse(self.text)
        operations = [d for d in node.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) != 1 or operations[0].name is None:
            raise ValueError("a document holds exactly one named operation")
        operation = operations[0]
        name = operation.name.value if operation.name else ""
        roots = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
        if len(roots) != 1:
            raise ValueError(f"{name}: select exactly one root field")
        root = roots[0]
        object.__setattr__(self, "node", node)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "is_mutation", operation.operation is OperationType.MUTATION)
        object.__setattr__(self, "root_field", (root.alias or root.name).value)
        object.__setattr__(
            self,
            "idempotent",
            any(directive.name.value == "idempotent" for directive in root.directives or ()),
        )
