"""Product entries out: one ``productSet(identifier: …, synchronous: true)`` each.

``productSet`` is declarative: the product is created when its identity finds none
(:mod:`.product_resolve`: handle, custom ID, or a variant's SKU), else updated; list
fields (tags, options, variants, metafields, a variant's metafields) replace what it
had. A call refused (``userErrors``, or the whole request), or an upsert with no
target, rejects that product with the reason. The client paces the calls by cost;
the writer records what :class:`~.kinds.SendOutcome` says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge import errors
from shopbridge.shopify.admin import AdminClient, UserError, documents, user_errors

from .buffer import Entry
from .kinds import SendOutcome
from .product_changes import ProductChange
from .product_resolve import ProductTarget, product_targets

__all__ = ["ProductSender", "product_set_variables"]

ProductEntry = Entry[ProductChange]
_SCALARS: Final = {
    "handle": "handle",
    "title": "title",
    "description_html": "descriptionHtml",
    "vendor": "vendor",
    "product_type": "productType",
    "tags": "tags",
    "status": "status",
    "metafields": "metafields",
}


class ProductSender:
    """Writes product entries for one shop, one ``productSet`` call per product."""

    def __init__(self, client: AdminClient) -> None:
        self.client = client

    async def write(self, entries: Sequence[ProductEntry]) -> SendOutcome:
        outcome = SendOutcome()
        targets = await product_targets(self.client, [entry.change for entry in entries])
        for entry, target in zip(entries, targets, strict=True):
            outcome.skus.update(entry.change.skus)
            if isinstance(target, str):
                outcome.rejected.append((entry, target))
                continue
            outcome.mutations += 1
            variables = product_set_variables(entry.change, target)
            try:
                result = await self.client.execute(documents.PRODUCT_SET, variables)
            except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
                outcome.rejected.append((entry, f"Shopify refused the product: {exc}"))
                continue
            found = user_errors(result.payload)
            if found:
                outcome.rejected.append((entry, "Shopify refused the product: " + _describe(found)))
                continue
            outcome.applied.append(entry)
            outcome.skus.update(_skus(result.payload))
        return outcome


def product_set_variables(
    change: ProductChange, target: ProductTarget | None = None
) -> dict[str, Any]:
    """``productSet`` variables: the target's identifier (default: by handle), the fields
    sent, synchronous."""
    target = target or ProductTarget({"handle": change.handle})
    fields = change.fields
    product: dict[str, Any] = {name: fields[key] for key, name in _SCALARS.items() if key in fields}
    if "options" in fields:
        options = fields["options"]
        product["productOptions"] = [
            {"name": o["name"], "values": [{"name": value} for value in o["values"]]}
            for o in options
        ]
        product["variants"] = [
            _variant(v, [o["name"] for o in options]) for v in fields["variants"]
        ]
    if target.with_custom_id and change.external_id is not None:
        custom_id = {**change.external_id.as_input(), "type": "id"}
        kept = [m for m in product.get("metafields") or () if not _same_metafield(m, custom_id)]
        product["metafields"] = [*kept, custom_id]
    variables: dict[str, Any] = {"input": product, "synchronous": True}
    if target.identifier is not None:
        variables["identifier"] = target.identifier
    return variables


def _same_metafield(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    return (one.get("namespace"), one.get("key")) == (other["namespace"], other["key"])


def _variant(given: Mapping[str, Any], option_names: Sequence[str]) -> dict[str, Any]:
    values = given.get("option_values") or {}
    row: dict[str, Any] = {
        "sku": given["sku"],
        "price": given.get("price"),
        "optionValues": [
            {"optionName": name, "name": values[name]} for name in option_names if name in values
        ],
    }
    if "compare_at_price" in given:
        row["compareAtPrice"] = given["compare_at_price"]
    if "metafields" in given:
        row["metafields"] = given["metafields"]
    return row


def _skus(payload: Mapping[str, Any]) -> list[str]:
    product = payload.get("product")
    variants = product.get("variants") if isinstance(product, Mapping) else None
    nodes = variants.get("nodes") if isinstance(variants, Mapping) else None
    return [
        n["sku"] for n in nodes or () if isinstance(n, Mapping) and isinstance(n.get("sku"), str)
    ]


def _describe(found: Sequence[UserError]) -> str:
    def one(error: UserError) -> str:
        where = f"{'.'.join(error.field)}: " if error.field else ""
        return where + (f"{error.message} ({error.code})" if error.code else error.message)

    return "; ".join(one(error) for error in found)
