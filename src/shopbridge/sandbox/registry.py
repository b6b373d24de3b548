"""How domains plug resolvers into the sandbox.

A domain is one module under ``sandbox/domains/`` holding a ``Domain`` and its
resolvers::

    catalog = Domain("catalog")

    @catalog.query("product")
    def product(_root: None, info: Info, id: str) -> Doc | None:
        return context_of(info).state.get_gid(id)

    @catalog.field("Product", "variants")
    def variants(product: Doc, info: Info, **args: Any) -> Doc: ...

    @catalog.mutation("productSet")
    def product_set(_root: None, info: Info, **args: Any) -> Doc: ...

    @catalog.node("Product")            # node(id:) / nodes(ids:) for this type
    def load_product(ctx: RequestContext, gid: Gid) -> Doc | None: ...

    @catalog.bootstrap                  # runs once per start, in one transaction
    def seed_defaults(state: State, config: SandboxConfig) -> None: ...

Resolvers have graphql-core's signature: ``(parent, info, **arguments)`` with the
arguments named as in the schema (camelCase; an argument not sent is absent). Fields
without a resolver read the key of the same name from a dict parent; any other field
answers "not supported by the sandbox". A mutation resolver runs inside one state
transaction; raise ``payloads.UserErrors`` inside ``state.savepoint()`` to undo part
of it and answer ``userErrors``. ``Registry`` binds the domains to one schema (API
and version) and refuses two resolvers for one field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar

from graphql import GraphQLObjectType, GraphQLSchema

from shopbridge.sandbox.gid import Gid

if TYPE_CHECKING:
    from shopbridge.sandbox.config import SandboxConfig
    from shopbridge.sandbox.context import RequestContext
    from shopbridge.sandbox.state import State

__all__ = ["MUTATION", "QUERY", "Bootstrap", "Domain", "NodeLoader", "Registry", "Resolver"]

Resolver = Callable[..., Any]
NodeLoader = Callable[["RequestContext", Gid], Mapping[str, Any] | None]
Bootstrap = Callable[["State", "SandboxConfig"], None]
R = TypeVar("R", bound=Callable[..., Any])

QUERY: Final = "<query root>"
MUTATION: Final = "<mutation root>"


class Domain:
    """A set of resolvers for one area of the API (catalog, inventory, orders...)."""

    def __init__(self, name: str, api: str = "admin") -> None:
        self.name = name
        self.api = api
        self.resolvers: dict[tuple[str, str], Resolver] = {}
        self.nodes: dict[str, NodeLoader] = {}
        self.bootstraps: list[Bootstrap] = []

    def field(self, type_name: str, field_name: str) -> Callable[[R], R]:
        """Resolve ``type_name.field_name`` (a computed field, or a root field)."""

        def register(fn: R) -> R:
            key = (type_name, field_name)
            if key in self.resolvers:
                raise ValueError(f"{self.name}: {type_name}.{field_name} registered twice")
            self.resolvers[key] = fn
            return fn

        return register

    def query(self, field_name: str) -> Callable[[R], R]:
        """Resolve a field of the query root (``QueryRoot`` in Shopify's schemas)."""
        return self.field(QUERY, field_name)

    def mutation(self, field_name: str) -> Callable[[R], R]:
        """Resolve a mutation; it runs in one state transaction (all or nothing)."""
        return self.field(MUTATION, field_name)

    def node(self, type_name: str) -> Callable[[NodeLoader], NodeLoader]:
        """Load ``type_name`` objects for ``node(id:)``/``nodes(ids:)``."""

        def register(fn: NodeLoader) -> NodeLoader:
            if type_name in self.nodes:
                raise ValueError(f"{self.name}: node loader for {type_name} registered twice")
            self.nodes[type_name] = fn
            return fn

        return register

    def bootstrap(self, fn: Bootstrap) -> Bootstrap:
        """Prepare the store at start (create defaults when missing); must be idempotent."""
        self.bootstraps.append(fn)
        return fn


class Registry:
    """The resolvers of several domains, bound to one schema (one API and version)."""

    def __init__(self, schema: GraphQLSchema, domains: Iterable[Domain]) -> None:
        self.schema = schema
        self.domains = tuple(domains)
        roots = {QUERY: schema.query_type, MUTATION: schema.mutation_type}
        self._resolvers: dict[tuple[str, str], Resolver] = {}
        self._owners: dict[tuple[str, str], str] = {}
        self._nodes: dict[str, NodeLoader] = {}
        for domain in self.domains:
            for (type_name, field_name), fn in domain.resolvers.items():
                root = roots.get(type_name)
                key = (root.name if root else type_name, field_name)
                if key in self._owners:
                    raise ValueError(
                        f"{key[0]}.{key[1]} is resolved by both {self._owners[key]!r} "
                        f"and {domain.name!r}"
                    )
                self._resolvers[key] = fn
                self._owners[key] = domain.name
            for type_name, loader in domain.nodes.items():
                if type_name in self._nodes:
                    raise ValueError(f"two node loaders for {type_name}")
                self._nodes[type_name] = loader

    def resolver(self, type_name: str, field_name: str) -> Resolver | None:
        return self._resolvers.get((type_name, field_name))

    def node_loader(self, type_name: str) -> NodeLoader | None:
        return self._nodes.get(type_name)

    @property
    def bootstraps(self) -> list[Bootstrap]:
        return [fn for domain in self.domains for fn in domain.bootstraps]

    def unknown_fields(self) -> list[str]:
        """Registered ``Type.field`` names the schema does not have (typos, removals)."""
        unknown = []
        for type_name, field_name in self._resolvers:
            type_ = self.schema.get_type(type_name)
            fields = type_.fields if isinstance(type_, GraphQLObjectType) else {}
            if field_name not in fields:
                unknown.append(f"{type_name}.{field_name}")
        unknown += [f"node {t}" for t in self._nodes if self.schema.get_type(t) is None]
        return sorted(unknown)
