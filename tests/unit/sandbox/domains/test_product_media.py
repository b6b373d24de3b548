"""productUpdate(media:), variant media, external videos and fileCreate REPLACE in the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.admin import AdminApi
from shopbridge.sandbox.bulk_runner import Worker
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains.catalog import catalog
from shopbridge.sandbox.domains.catalog_fields import catalog_fields
from shopbridge.sandbox.domains.catalog_mutations import catalog_mutations
from shopbridge.sandbox.domains.files import files
from shopbridge.sandbox.domains.metafields import metafields
from shopbridge.sandbox.domains.product_media import product_media
from shopbridge.sandbox.domains.variant_media import variant_media
from shopbridge.sandbox.seed import seed_catalog
from tests.unit.sandbox.domains.admining import AdminStore

UPDATE = """
mutation($id: ID!, $media: [CreateMediaInput!]) {
  productUpdate(product: {id: $id}, media: $media) {
    product { media(first: 10) { nodes { id alt mediaContentType status } } }
    userErrors { field message }
  }
}
"""
APPEND = """
mutation($p: ID!, $pairs: [ProductVariantAppendMediaInput!]!) {
  productVariantAppendMedia(productId: $p, variantMedia: $pairs) {
    productVariants { id } userErrors { field code }
  }
}
"""
DETACH = """
mutation($p: ID!, $pairs: [ProductVariantDetachMediaInput!]!) {
  productVariantDetachMedia(productId: $p, variantMedia: $pairs) {
    productVariants { id } userErrors { field code }
  }
}
"""
VARIANTS = """
query($id: ID!) { product(id: $id) { variants(first: 5) { nodes { id media(first: 3) {
  nodes { id } } } } } }
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    made = AdminStore(
        admin,
        [
            catalog,
            catalog_fields,
            catalog_mutations,
            metafields,
            files,
            product_media,
            variant_media,
        ],
    )
    seed_catalog(made.state, products=2, variants=2, locations=1)
    return made


def _ids(store: AdminStore, product: int = 0) -> tuple[str, list[str]]:
    products = sorted(store.state.all("Product"), key=lambda p: p["handle"])
    found = store.data(VARIANTS, {"id": products[product]["id"]})["product"]
    return products[product]["id"], [v["id"] for v in found["variants"]["nodes"]]


def _shown(store: AdminStore, product_id: str) -> list[list[str]]:
    found = store.data(VARIANTS, {"id": product_id})["product"]["variants"]["nodes"]
    return [[m["id"] for m in v["media"]["nodes"]] for v in found]


def _media(store: AdminStore, product_id: str, *sources: str) -> list[dict[str, Any]]:
    given = [{"originalSource": s, "mediaContentType": "IMAGE", "alt": s[-5:]} for s in sources]
    payload = store.payload(UPDATE, {"id": product_id, "media": given})
    assert payload["userErrors"] == [], payload
    nodes: list[dict[str, Any]] = payload["product"]["media"]["nodes"]
    return nodes


def test_product_update_appends_media_in_order_and_refuses_a_bad_source_whole(
    store: AdminStore,
) -> None:
    product, _ = _ids(store)
    nodes = _media(store, product, "https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg")
    assert [(n["alt"], n["mediaContentType"], n["status"]) for n in nodes] == [
        ("a.jpg", "IMAGE", "UPLOADED"),
        ("b.jpg", "IMAGE", "UPLOADED"),
    ]
    bad = [
        {"originalSource": "https://cdn.example.com/c.jpg", "mediaContentType": "IMAGE"},
        {"originalSource": "nowhere", "mediaContentType": "IMAGE"},
    ]
    refused = store.payload(UPDATE, {"id": product, "media": bad})
    assert refused["userErrors"] == [
        {"field": ["media", "1", "originalSource"], "message": "Invalid source URL: nowhere"}
    ]
    assert len(_media(store, product)) == 2  # nothing of the refused call stayed


def test_external_videos_come_from_youtube_or_vimeo(store: AdminStore) -> None:
    product, _ = _ids(store)
    video = {"originalSource": "https://youtu.be/abc123", "mediaContentType": "EXTERNAL_VIDEO"}
    payload = store.payload(UPDATE, {"id": product, "media": [video]})
    [node] = payload["product"]["media"]["nodes"]
    found = store.data(
        "query($id: ID!) { node(id: $id) { ... on ExternalVideo { host embedUrl originUrl } } }",
        {"id": node["id"]},
    )["node"]
    assert found == {
        "host": "YOUTUBE",
        "embedUrl": "https://www.youtube.com/embed/abc123",
        "originUrl": "https://youtu.be/abc123",
    }
    other = {**video, "originalSource": "https://videos.example.com/abc"}
    refused = store.payload(UPDATE, {"id": product, "media": [other]})
    assert refused["userErrors"][0]["field"] == ["media", "0", "originalSource"]


def test_a_variant_shows_one_ready_medium_of_its_product(store: AdminStore) -> None:
    product, (small, large) = _ids(store)
    _, (elsewhere, _) = _ids(store, 1)
    a, b = (n["id"] for n in _media(store, product, "https://x.io/a.jpg", "https://x.io/b.jpg"))

    def codes(mutation: str, *pairs: tuple[str, list[str]]) -> list[str | None]:
        given = [{"variantId": v, "mediaIds": m} for v, m in pairs]
        payload = store.payload(mutation, {"p": product, "pairs": given})
        return [error["code"] for error in payload["userErrors"]]

    assert codes(APPEND, (small, [a])) == ["NON_READY_MEDIA"]
    Worker(AdminApi(SandboxConfig(), store.state)).run_until_idle()
    assert codes(APPEND, (small, [a, b])) == ["TOO_MANY_MEDIA_PER_INPUT_PAIR"]
    assert codes(APPEND, (elsewhere, [a])) == ["PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT"]
    assert codes(APPEND, (small, [a]), (small, [b])) == ["PRODUCT_VARIANT_SPECIFIED_MULTIPLE_TIMES"]
    assert _shown(store, product) == [[], []]  # all or nothing
    assert codes(APPEND, (small, [a]), (large, [b])) == []
    assert _shown(store, product) == [[a], [b]]
    assert codes(APPEND, (small, [b])) == ["PRODUCT_VARIANT_ALREADY_HAS_MEDIA"]
    assert codes(DETACH, (small, [b])) == ["MEDIA_IS_NOT_ATTACHED_TO_VARIANT"]
    assert codes(DETACH, (small, [a])) == []
    store.payload(
        "mutation($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds } }", {"ids": [b]}
    )
    assert _shown(store, product) == [[], []]  # a deleted file leaves its variants too


CREATE = """
mutation($files: [FileCreateInput!]!) {
  fileCreate(files: $files) { files { id alt } userErrors { field code } }
}
"""


def _create(store: AdminStore, source: str, **more: str) -> dict[str, Any]:
    return store.payload(CREATE, {"files": [{"originalSource": source, **more}]})


def test_file_create_replace_keeps_the_file_of_that_name(store: AdminStore) -> None:
    first = _create(store, "https://x.io/a.jpg", filename="banner.jpg", alt="one")
    again = _create(
        store,
        "https://x.io/b.jpg",
        filename="banner.jpg",
        alt="two",
        duplicateResolutionMode="REPLACE",
    )
    assert again["files"] == [{"id": first["files"][0]["id"], "alt": "two"}]
    assert len(store.state.all("MediaImage")) == 1
    unnamed = _create(store, "https://x.io/c.jpg", duplicateResolutionMode="REPLACE")
    assert unnamed["userErrors"] == [
        {"field": ["files", "0", "filename"], "code": "MISSING_FILENAME_FOR_DUPLICATE_MODE_REPLACE"}
    ]
