"""The vendored schemas load under graphql-core 3.3 and stay what Shopify published."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import pytest
from graphql import GraphQLSchema, parse, validate

from shopbridge.sandbox.schema import (
    UnsupportedVersionError,
    load_introspection,
    load_schema,
    schema_findings,
    supported_versions,
)

VENDORED = [
    ("admin", "2026-04"),
    ("admin", "2026-07"),
    ("admin", "2026-10"),
    ("storefront", "2026-07"),
]


def test_supported_versions_lists_the_vendored_files() -> None:
    assert supported_versions("admin") == ("2026-04", "2026-07", "2026-10")
    assert supported_versions("storefront") == ("2026-07",)
    with pytest.raises(ValueError, match="unknown API"):
        supported_versions("customer")


@pytest.mark.parametrize(("api", "version"), VENDORED)
def test_each_vendored_schema_loads_and_validates_documents(api: str, version: str) -> None:
    schema = load_schema(api, version)
    assert isinstance(schema, GraphQLSchema)
    assert schema.query_type is not None
    assert schema.mutation_type is not None
    # graphql-core 3.3 would refuse every document if the schema were not marked checked.
    assert validate(schema, parse("{ __typename }")) == []
    assert load_schema(api, version) is schema  # cached


@pytest.mark.parametrize(("api", "version"), VENDORED)
def test_only_the_known_deprecation_mismatches_are_tolerated(api: str, version: str) -> None:
    findings = schema_findings(api, version)
    assert findings, "graphql-core 3.3 reports Shopify's deprecation mismatches"
    pattern = re.compile(
        r"^Interface field \w+\.\w+ is not deprecated, "
        r"so implementation field \w+\.\w+ must not be deprecated\.$"
    )
    assert all(pattern.match(message) for message in findings)
    assert len(findings) == (6 if api == "admin" else 1)


def test_admin_2026_07_has_the_size_the_research_note_recorded() -> None:
    schema = load_schema("admin", "2026-07")
    assert schema.mutation_type is not None
    assert schema.query_type is not None
    assert len(schema.type_map) == 3535
    assert len(schema.mutation_type.fields) == 518
    assert len(schema.query_type.fields) == 287
    assert schema.get_directive("idempotent") is not None


def test_storefront_is_a_different_api() -> None:
    storefront = load_schema("storefront", "2026-07")
    assert storefront.mutation_type is not None
    assert "cartCreate" in storefront.mutation_type.fields
    assert "inventorySetQuantities" not in storefront.mutation_type.fields


def test_unknown_version_is_a_clear_error() -> None:
    with pytest.raises(UnsupportedVersionError, match=r"2019-01.*2026-04, 2026-07, 2026-10"):
        load_schema("admin", "2019-01")


def test_raw_introspection_keeps_shopify_only_keys() -> None:
    data = load_introspection("admin", "2026-07")
    types = {t["name"]: t for t in data["__schema"]["types"]}
    products = next(f for f in types["QueryRoot"]["fields"] if f["name"] == "products")
    assert "requiredAccess" in products
    product = next(f for f in types["QueryRoot"]["fields"] if f["name"] == "product")
    assert "gidTypes" in product["args"][0]


def test_notice_names_package_licence_and_every_file_with_its_checksum() -> None:
    folder = resources.files("shopbridge.sandbox").joinpath("schemas")
    notice = folder.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert "@shopify/dev-mcp" in notice
    assert "1.16.0" in notice
    assert "ISC" in notice
    assert "Shopify Inc." in notice
    for api, version in VENDORED:
        name = f"{'admin' if api == 'admin' else 'storefront-graphql'}_{version}.json.gz"
        digest = hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest()
        assert f"`{name}`" in notice
        assert digest in notice, f"{name} changed since NOTICE.md was written"
