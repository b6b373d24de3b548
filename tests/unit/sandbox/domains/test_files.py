"""fileCreate from external URLs, processing to READY, product media and fileDelete."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.admin import AdminApi
from shopbridge.sandbox.bulk_runner import Worker
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains.catalog import catalog
from shopbridge.sandbox.domains.catalog_fields import catalog_fields
from shopbridge.sandbox.domains.catalog_mutations import catalog_mutations
from shopbridge.sandbox.domains.files import files
from shopbridge.sandbox.domains.product_media import product_media
from tests.unit.sandbox.domains.admining import AdminStore


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return AdminStore(admin, [catalog, catalog_fields, catalog_mutations, files, product_media])


def _process(store: AdminStore) -> None:
    Worker(AdminApi(SandboxConfig(), store.state)).run_until_idle()


def test_external_file_becomes_ready_and_joins_product_media(store: AdminStore) -> None:
    product = store.payload('mutation { productSet(input: {title: "Hat"}) { product { id } } }')
    created = store.payload(
        """mutation { fileCreate(files: [
          {originalSource: "https://cdn.example.com/a.jpg", alt: "front"},
          {originalSource: "https://cdn.example.com/manual.pdf"}]) {
          files { id fileStatus alt ... on MediaImage { image { url } } } userErrors { code } } }"""
    )
    image, pdf = created["files"]
    assert (image["fileStatus"], image["image"]) == ("UPLOADED", None)
    _process(store)
    ready = store.data(
        """query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus
          image { url altText width } } } }""",
        {"id": image["id"]},
    )["node"]
    assert ready == {
        "fileStatus": "READY",
        "image": {"url": "https://cdn.example.com/a.jpg", "altText": "front", "width": None},
    }
    attached = store.payload(
        """mutation($f: ID!, $p: ID!) { fileUpdate(files: [{id: $f, referencesToAdd: [$p]}]) {
          files { id } userErrors { code field } } }""",
        {"f": image["id"], "p": product["product"]["id"]},
    )
    assert attached["userErrors"] == []
    media = store.data(
        "query($id: ID!) { product(id: $id) { media(first: 5) { "
        "nodes { id mediaContentType } } } }",
        {"id": product["product"]["id"]},
    )
    assert media["product"]["media"]["nodes"] == [{"id": image["id"], "mediaContentType": "IMAGE"}]
    listed = store.data('{ files(first: 5, query: "media_type:IMAGE") { nodes { id } } }')
    assert listed["files"]["nodes"] == [{"id": image["id"]}]
    deleted = store.payload(
        "mutation($ids: [ID!]!) { fileDelete(fileIds: $ids) { "
        "deletedFileIds userErrors { code } } }",
        {"ids": [image["id"], pdf["id"]]},
    )
    assert deleted["deletedFileIds"] == [image["id"], pdf["id"]]
    media = store.data(
        "query($id: ID!) { product(id: $id) { media(first: 5) { nodes { id } } } }",
        {"id": product["product"]["id"]},
    )
    assert media["product"]["media"]["nodes"] == []


def test_file_create_errors(store: AdminStore) -> None:
    bad = store.payload(
        """mutation { fileCreate(files: [{originalSource: "not a url", contentType: IMAGE}]) {
          files { id } userErrors { code field } } }"""
    )
    assert bad["userErrors"] == [
        {"code": "INVALID_IMAGE_SOURCE_URL", "field": ["files", "0", "originalSource"]}
    ]
    store.payload(
        'mutation { fileCreate(files: [{originalSource: "https://x.example/a.png"}]) '
        "{ files { id } } }"
    )
    taken = store.payload(
        """mutation { fileCreate(files: [{originalSource: "https://y.example/a.png",
          duplicateResolutionMode: RAISE_ERROR}]) { userErrors { code } } }"""
    )
    assert taken["userErrors"] == [{"code": "FILENAME_ALREADY_EXISTS"}]
    not_ready = store.payload(
        """mutation { fileCreate(files: [{originalSource: "https://y.example/b.png"}]) {
          files { id } } }"""
    )["files"][0]["id"]
    update = store.payload(
        """mutation($id: ID!) { fileUpdate(files: [{id: $id, alt: "x"}]) {
          userErrors { code } } }""",
        {"id": not_ready},
    )
    assert update["userErrors"] == [{"code": "NON_READY_STATE"}]
