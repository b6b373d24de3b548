"""``products/create``, ``products/update`` and ``products/delete`` in Shopify's REST shape.

Shapes follow the official 2026-07 examples (``tests/fixtures/shopify_webhook_examples``).
As the topic's description says, ``products/update`` also fires when variants are
added, removed or updated, so a variant change renders its product; full variant
details go out for the first 100 variants and every variant's GID is listed in
``variant_gids``, most recently updated first. The sandbox does not model images or
media, so those lists are always empty. ``old_inventory_quantity`` repeats the
current quantity (the sandbox keeps no per-variant history; the example shows both
equal). A renderer raises ``LookupError`` when there is nothing to send (a variant
change whose product was deleted in the same transaction): the emitter skips it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.catalog_fields import available_quantity, sku_of
from shopbridge.sandbox.domains.catalog_store import PRODUCT, VARIANT, variants_of
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.rest.formats import numeric_id, rest_enum, rest_tags, rest_time, utc_millis
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["FULL_VARIANTS", "rest_product", "rest_variant"]

FULL_VARIANTS: Final = 100


def rest_variant(state: State, variant: Mapping[str, Any]) -> Payload:
    """One entry of a product payload's ``variants``."""
    values = [selected["value"] for selected in variant["selectedOptions"]]
    options = {f"option{n}": values[n - 1] if len(values) >= n else None for n in (1, 2, 3)}
    quantity = available_quantity(state, variant)
    return {
        "admin_graphql_api_id": variant["id"],
        "barcode": variant["barcode"],
        "compare_at_price": variant["compareAtPrice"],
        "created_at": rest_time(state, variant["createdAt"]),
        "id": legacy_id(variant["id"]),
        "inventory_policy": rest_enum(variant["inventoryPolicy"]),
        "position": variant["position"],
        "price": variant["price"],
        "product_id": legacy_id(variant["productId"]),
        "sku": sku_of(state, variant),
        "taxable": variant["taxable"],
        "title": variant["title"],
        "updated_at": rest_time(state, variant["updatedAt"]),
        **options,
        "image_id": None,
        "inventory_item_id": numeric_id(variant["inventoryItemId"]),
        "inventory_quantity": quantity,
        "old_inventory_quantity": quantity,
    }


def _option(product_id: int, option: Mapping[str, Any]) -> Payload:
    return {
        "id": legacy_id(option["id"]),
        "product_id": product_id,
        "name": option["name"],
        "position": option["position"],
        "values": list(option["values"]),
    }


def _category(category: Mapping[str, Any] | None) -> Payload | None:
    if not category:
        return None
    return {
        "admin_graphql_api_id": category.get("id"),
        "full_name": category.get("fullName"),
        "name": category.get("name"),
    }


def rest_product(state: State, product: Mapping[str, Any]) -> Payload:
    """The body of ``products/create`` and ``products/update``."""
    product_id = legacy_id(product["id"])
    variants = variants_of(state, product["id"])
    recent_first = sorted(variants, key=lambda v: v["updatedAt"], reverse=True)
    return {
        "admin_graphql_api_id": product["id"],
        "body_html": product["descriptionHtml"],
        "created_at": rest_time(state, product["createdAt"]),
        "handle": product["handle"],
        "id": product_id,
        "product_type": product["productType"],
        "published_at": rest_time(state, product["publishedAt"]),
        "template_suffix": product["templateSuffix"],
        "title": product["title"],
        "updated_at": rest_time(state, product["updatedAt"]),
        "vendor": product["vendor"],
        "status": rest_enum(product["status"]),
        "published_scope": "web",
        "tags": rest_tags(product["tags"]),
        "variants": [rest_variant(state, v) for v in variants[:FULL_VARIANTS]],
        "options": [_option(product_id, option) for option in product["options"]],
        "images": [],
        "image": None,
        "media": [],
        "variant_gids": [
            {"admin_graphql_api_id": v["id"], "updated_at": utc_millis(v["updatedAt"])}
            for v in recent_first
        ],
        "has_variants_that_requires_components": any(v["requiresComponents"] for v in variants),
        "category": _category(product.get("category")),
    }


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


@topic_rule("products/create", PRODUCT, on="create")
def product_created(state: State, change: Change) -> Payload:
    return rest_product(state, _after(change))


@topic_rule("products/update", PRODUCT, on="update")
def product_updated(state: State, change: Change) -> Payload:
    return rest_product(state, _after(change))


@topic_rule("products/update", VARIANT, on=lambda change: True)
def variant_changed(state: State, change: Change) -> Payload:
    """A variant added, changed or removed updates its product (when it still exists)."""
    side = change.after if change.after is not None else change.before
    product = state.get_gid(side["productId"]) if side is not None else None
    if product is None:
        raise LookupError(f"variant {change.id} has no product left")
    return rest_product(state, product)


@topic_rule("products/delete", PRODUCT, on="delete")
def product_deleted(_state: State, change: Change) -> Payload:
    return {"id": int(change.id)}
