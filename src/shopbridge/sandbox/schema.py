"""Shopify's real GraphQL schemas, loaded from the vendored introspection files.

The files under ``schemas/`` come unchanged from the npm package ``@shopify/dev-mcp``
(see ``schemas/NOTICE.md``; refresh with ``scripts/refresh_schemas.sh``).

graphql-core 3.3 and Shopify's schema
-------------------------------------
graphql-core 3.3 added a type-system rule (from graphql-js 17): an object field may not
be deprecated when the interface field it implements is not. Shopify's published
schemas break that rule in a handful of places, so ``validate()`` (which first calls
``assert_valid_schema``) would refuse every document. Measured on the vendored files:

* admin 2026-04, 2026-07 and 2026-10: 6 findings each, all of that one kind
  (``Node.id`` on ``ChannelDefinition``, ``ChannelInformation`` and
  ``DiscountAutomaticBxgy``; ``CommentEventSubject.hasTimelineComment`` on ``Customer``;
  ``HasMetafields.metafield`` and ``.metafields`` on ``MediaImage``);
* storefront 2026-07: 1 finding (``Node.id`` on ``MediaPresentation``).

The rule concerns documentation of deprecations only; it changes nothing about how a
document validates or executes. So we run graphql-core's own schema check once, accept
exactly that kind of finding (anything else still fails loudly), and then mark the
schema as checked by rebuilding it with ``assume_valid=True`` (graphql-core's public
constructor flag, which fills the cache ``validate()`` consults). Rebuilding shares the
type objects, so it costs ~10-25 ms on top of ~0.2-0.9 s to build the admin schema.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

from graphql import GraphQLSchema, build_client_schema, validate_schema
from graphql.utilities import IntrospectionQuery

from shopbridge.sandbox.validation import ShopifyError, validate_document

__all__ = [
    "Api",
    "SchemaLoadError",
    "ShopifyError",
    "UnsupportedVersionError",
    "load_introspection",
    "load_schema",
    "schema_findings",
    "supported_versions",
    "validate_document",
]

Api = Literal["admin", "storefront"]

_FILE_PREFIX: dict[str, str] = {"admin": "admin", "storefront": "storefront-graphql"}
_SCHEMA_PACKAGE = "shopbridge.sandbox"
_SCHEMA_DIR = "schemas"
_VERSION_RE = re.compile(r"^(?P<prefix>[a-z-]+)_(?P<version>\d{4}-\d{2}|unstable)\.json\.gz$")

# The one kind of graphql-core 3.3 schema finding Shopify's schemas are known to trip.
_TOLERATED_FINDING = re.compile(
    r"^Interface field \w+\.\w+ is not deprecated, "
    r"so implementation field \w+\.\w+ must not be deprecated\.$"
)


class SchemaLoadError(RuntimeError):
    """A vendored schema file is missing, unreadable or fails the schema check."""


class UnsupportedVersionError(SchemaLoadError, LookupError):
    """No vendored schema for this API and version."""

    def __init__(self, api: str, version: str) -> None:
        self.api = api
        self.version = version
        known = ", ".join(supported_versions(api)) if api in _FILE_PREFIX else "none"
        super().__init__(f"no vendored {api} schema for API version {version!r} (have: {known})")


def _schema_files() -> dict[str, dict[str, str]]:
    """``{api: {version: file name}}`` for every vendored file."""
    found: dict[str, dict[str, str]] = {api: {} for api in _FILE_PREFIX}
    folder = resources.files(_SCHEMA_PACKAGE).joinpath(_SCHEMA_DIR)
    for entry in folder.iterdir():
        match = _VERSION_RE.match(entry.name)
        if not match:
            continue
        for api, prefix in _FILE_PREFIX.items():
            if match["prefix"] == prefix:
                found[api][match["version"]] = entry.name
    return found


def supported_versions(api: Api | str = "admin") -> tuple[str, ...]:
    """API versions with a vendored schema for ``api``, oldest first."""
    if api not in _FILE_PREFIX:
        raise ValueError(f"unknown API {api!r}; expected one of {sorted(_FILE_PREFIX)}")
    return tuple(sorted(_schema_files()[api]))


def load_introspection(api: Api | str, version: str) -> dict[str, Any]:
    """The raw introspection result (``{"__schema": ...}``) for ``api`` at ``version``.

    Not cached: the admin file is ~11 MB of JSON. It carries Shopify-only keys that
    graphql-core drops (``requiredAccess`` on fields, ``gidTypes`` on arguments,
    ``accessRestricted``...), which later parts of the sandbox may want.
    """
    if api not in _FILE_PREFIX:
        raise ValueError(f"unknown API {api!r}; expected one of {sorted(_FILE_PREFIX)}")
    name = _schema_files()[api].get(version)
    if name is None:
        raise UnsupportedVersionError(api, version)
    path = resources.files(_SCHEMA_PACKAGE).joinpath(_SCHEMA_DIR).joinpath(name)
    try:
        with path.open("rb") as raw, gzip.open(raw) as unzipped:
            document = json.load(unzipped)
    except (OSError, ValueError) as exc:
        raise SchemaLoadError(f"cannot read vendored schema {name}: {exc}") from exc
    data = document.get("data", document) if isinstance(document, dict) else None
    if not isinstance(data, dict) or "__schema" not in data:
        raise SchemaLoadError(f"{name} is not a GraphQL introspection result")
    return data


def _check(schema: GraphQLSchema, label: str) -> list[str]:
    """Run graphql-core's schema check; return tolerated findings, raise on others."""
    findings = [error.message for error in validate_schema(schema)]
    unexpected = [message for message in findings if not _TOLERATED_FINDING.match(message)]
    if unexpected:
        listed = "\n  ".join(unexpected)
        raise SchemaLoadError(f"{label} fails graphql-core's schema check:\n  {listed}")
    return findings


def _build(api: str, version: str) -> tuple[GraphQLSchema, list[str]]:
    introspection = cast(IntrospectionQuery, load_introspection(api, version))
    checked = build_client_schema(introspection)
    findings = _check(checked, f"{api} {version}")
    kwargs = checked.to_kwargs()
    kwargs["assume_valid"] = True
    return GraphQLSchema(**kwargs), findings


@cache
def _load(api: str, version: str) -> tuple[GraphQLSchema, tuple[str, ...]]:
    schema, findings = _build(api, version)
    return schema, tuple(findings)


def load_schema(api: Api | str, version: str) -> GraphQLSchema:
    """The executable-ready schema for ``api`` ("admin" or "storefront") at ``version``.

    Built once per process and cached. Marked as checked (see the module docstring), so
    ``graphql.validate`` and ``graphql.execute`` accept it under graphql-core 3.3.
    """
    if api not in _FILE_PREFIX:
        raise ValueError(f"unknown API {api!r}; expected one of {sorted(_FILE_PREFIX)}")
    return _load(api, version)[0]


def schema_findings(api: Api | str, version: str) -> tuple[str, ...]:
    """The graphql-core schema-check findings tolerated when loading this schema."""
    if api not in _FILE_PREFIX:
        raise ValueError(f"unknown API {api!r}; expected one of {sorted(_FILE_PREFIX)}")
    return _load(api, version)[1]
