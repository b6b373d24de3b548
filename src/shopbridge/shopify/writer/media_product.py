"""One product's media made the list a DAM sent, in Shopify calls (see :mod:`.media_plan`).

In order, each call only when needed:

1. read the product (by handle, or by a variant's SKU) with its media and record,
   and the variants the list names (``MEDIA_VARIANTS``);
2. stage uploaded bytes (:mod:`.media_upload`);
3. ``productUpdate(media:)`` appends the new media and, in the same call, records
   them as pending;
4. ``fileDelete`` the media shopbridge attached that are no longer listed;
5. ``metafieldsSet`` the record (source -> media id);
6. ``fileUpdate`` changed alt texts, ``productReorderMedia`` the order;
7. variants: ``productVariantDetachMedia`` the image a variant shows instead, then
   ``productVariantAppendMedia`` its listed one.

Steps 6 and 7 need processed (``READY``) media: the writer polls their status for up
to ``ready_wait_secs`` and otherwise sends the change again later (:class:`MediaNotReady`).
Run again, the same list changes nothing, so a retry after any failure is safe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, Document, UserError, documents, user_errors

from .media_changes import MediaNotReady, MediaRefused, MediaSpec, ProductTarget
from .media_plan import (
    RECORD_KEY,
    RECORD_NAMESPACE,
    CurrentMedium,
    Record,
    adopt,
    moves,
    plan,
    read_record,
)
from .media_upload import stage_uploads

__all__ = ["DEFAULT_READY_WAIT_SECS", "ProductMediaWriter", "describe"]

DEFAULT_READY_WAIT_SECS: Final = 30.0
READY_POLL_SECS: Final = 0.5
SKUS_PER_LOOKUP: Final = 50
LOOKUP_PAGE: Final = 100


@dataclass(frozen=True, slots=True)
class _Variant:
    id: str
    sku: str
    product_id: str
    shown: str | None  # the media id the variant shows now


@dataclass(frozen=True, slots=True)
class _Product:
    id: str
    handle: str
    media: tuple[CurrentMedium, ...]
    record: Record


class ProductMediaWriter:
    """Applies one product's media change; counts the mutations it sends."""

    def __init__(
        self, client: AdminClient, *, ready_wait_secs: float = DEFAULT_READY_WAIT_SECS
    ) -> None:
        self.client = client
        self.ready_wait_secs = ready_wait_secs
        self.mutations = 0

    async def apply(self, target: ProductTarget) -> None:
        """Make the product's media ``target.media``; ``MediaRefused``/``MediaNotReady``."""
        named = sorted({sku for spec in target.media for sku in spec.variants})
        variants = await self._variants([*named, *([target.sku] if target.sku else [])])
        product = await self._product(target, variants)
        wanted_variants = _variant_targets(target.media, variants, product)
        current = [medium.id for medium in product.media]
        known = adopt(product.record, current)
        todo = plan(target.media, product.media, known)
        created = await self._create(product, todo.create, known) if todo.create else {}
        mapping = {**todo.kept, **created}
        if todo.delete:
            await self._mutate(documents.MEDIA_FILE_DELETE, {"fileIds": list(todo.delete)})
        if Record(mapping).to_json() != product.record.to_json():
            await self._record(product.id, Record(mapping))
        if todo.alt:
            await self._wait_ready([media_id for media_id, _ in todo.alt])
            files = [{"id": media_id, "alt": alt} for media_id, alt in todo.alt]
            await self._mutate(documents.MEDIA_FILE_UPDATE, {"files": files})
        order = [media_id for media_id in current if media_id not in todo.delete]
        reorder = moves([*order, *created.values()], [mapping[s.source] for s in target.media])
        if reorder:
            await self._mutate(
                documents.MEDIA_REORDER, {"id": product.id, "moves": reorder}, "mediaUserErrors"
            )
        await self._show_on_variants(product.id, wanted_variants, mapping, set(todo.delete))

    # -- reading ------------------------------------------------------------------

    async def _variants(self, skus: Sequence[str]) -> dict[str, list[_Variant]]:
        wanted = list(dict.fromkeys(skus))
        found: dict[str, list[_Variant]] = {sku: [] for sku in wanted}
        for start in range(0, len(wanted), SKUS_PER_LOOKUP):
            batch = wanted[start : start + SKUS_PER_LOOKUP]
            result = await self.client.execute(
                documents.MEDIA_VARIANTS,
                {"query": documents.sku_search(batch), "first": LOOKUP_PAGE},
            )
            for node in result.payload.get("nodes") or ():
                rows = found.get(str(node.get("sku")))  # search matches terms: keep exact
                if rows is not None:
                    shown = node["media"]["nodes"]
                    rows.append(
                        _Variant(
                            node["id"],
                            node["sku"],
                            node["product"]["id"],
                            shown[0]["id"] if shown else None,
                        )
                    )
        return found

    async def _product(
        self, target: ProductTarget, variants: Mapping[str, list[_Variant]]
    ) -> _Product:
        if target.sku is not None:
            rows = variants.get(target.sku) or []
            products = {row.product_id for row in rows}
            if not rows:
                raise MediaRefused(f"unknown SKU '{target.sku}': no variant in Shopify has it")
            if len(products) > 1:
                raise MediaRefused(
                    f"SKU '{target.sku}' belongs to variants of {len(products)} products; "
                    "name the product by handle instead"
                )
            identifier = {"id": rows[0].product_id}
        else:
            identifier = {"handle": str(target.handle)}
        result = await self.client.execute(
            documents.MEDIA_PRODUCT,
            {"identifier": identifier, "namespace": RECORD_NAMESPACE, "key": RECORD_KEY},
        )
        found = result.payload
        if not found:
            raise MediaRefused(
                f"unknown product handle '{target.handle}': no product in Shopify has it"
            )
        record = found.get("record")
        return _Product(
            found["id"],
            found["handle"],
            tuple(
                CurrentMedium(node["id"], node.get("alt"), str(node.get("status")))
                for node in found["media"]["nodes"]
            ),
            read_record(record.get("value") if isinstance(record, dict) else None),
        )

    # -- writing ------------------------------------------------------------------

    async def _create(
        self, product: _Product, specs: Sequence[MediaSpec], known: Mapping[str, str]
    ) -> dict[str, str]:
        """Attach ``specs`` in order; source -> new media id."""
        staged = await stage_uploads(self.client, specs)
        before = [medium.id for medium in product.media]
        pending = Record(known, tuple(spec.source for spec in specs), tuple(before))
        media = [
            {
                "originalSource": staged.get(spec.source, spec.url),
                "mediaContentType": spec.type or "IMAGE",
                "alt": spec.alt or "",
            }
            for spec in specs
        ]
        variables = {
            "product": {"id": product.id, "metafields": [_record_input(pending)]},
            "media": media,
        }
        payload = await self._mutate(documents.MEDIA_PRODUCT_UPDATE, variables)
        after = payload.get("product") or {}
        nodes = (after.get("media") or {}).get("nodes") or ()
        fresh = [node["id"] for node in nodes if node["id"] not in set(before)]
        if len(fresh) != len(specs):
            raise MediaRefused(
                f"Shopify attached {len(fresh)} of {len(specs)} new media to {product.handle}"
            )
        return dict(zip((spec.source for spec in specs), fresh, strict=True))

    async def _record(self, product_id: str, record: Record) -> None:
        metafield = {"ownerId": product_id, **_record_input(record)}
        await self._mutate(documents.MEDIA_METAFIELDS_SET, {"metafields": [metafield]})

    async def _show_on_variants(
        self,
        product_id: str,
        wanted: Mapping[str, tuple[_Variant, str]],
        mapping: Mapping[str, str],
        deleted: set[str],
    ) -> None:
        """Each named variant shows its medium: detach what it shows instead, append."""
        detach: list[dict[str, Any]] = []
        append: list[dict[str, Any]] = []
        for variant, source in wanted.values():
            media_id = mapping[source]
            shown = variant.shown if variant.shown not in deleted else None
            if shown == media_id:
                continue
            if shown is not None:
                detach.append({"variantId": variant.id, "mediaIds": [shown]})
            append.append({"variantId": variant.id, "mediaIds": [media_id]})
        if not append:
            return
        await self._wait_ready([pair["mediaIds"][0] for pair in append])
        if detach:
            variables = {"productId": product_id, "variantMedia": detach}
            await self._mutate(documents.MEDIA_VARIANT_DETACH, variables)
        variables = {"productId": product_id, "variantMedia": append}
        await self._mutate(documents.MEDIA_VARIANT_APPEND, variables)

    async def _wait_ready(self, media_ids: Sequence[str]) -> None:
        """Poll until every medium is ``READY``; ``MediaRefused`` when one ``FAILED``."""
        waiting = list(dict.fromkeys(media_ids))
        deadline = asyncio.get_running_loop().time() + self.ready_wait_secs
        while True:
            result = await self.client.execute(documents.MEDIA_STATUS, {"ids": waiting})
            nodes = result.data.get("nodes")
            status = {
                node["id"]: node.get("status")
                for node in (nodes if isinstance(nodes, list) else [])
                if isinstance(node, dict) and "id" in node
            }
            failed = [media_id for media_id in waiting if status.get(media_id) == "FAILED"]
            if failed:
                raise MediaRefused(f"Shopify could not process media {', '.join(failed)}")
            waiting = [media_id for media_id in waiting if status.get(media_id) != "READY"]
            if not waiting:
                return
            if asyncio.get_running_loop().time() >= deadline:
                raise MediaNotReady(f"media still processing: {', '.join(waiting)}")
            await asyncio.sleep(READY_POLL_SECS)

    async def _mutate(
        self, document: Document, variables: Mapping[str, Any], errors_field: str = "userErrors"
    ) -> dict[str, Any]:
        """Run a mutation; its ``userErrors`` become ``MediaRefused`` with Shopify's words."""
        self.mutations += 1
        result = await self.client.execute(document, variables)
        payload = result.payload
        found = user_errors({"userErrors": payload.get(errors_field)})
        if found:
            raise MediaRefused(f"Shopify refused {document.root_field}: {describe(found)}")
        return payload


def _variant_targets(
    media: Sequence[MediaSpec], variants: Mapping[str, list[_Variant]], product: _Product
) -> dict[str, tuple[_Variant, str]]:
    """variant id -> (the variant, the source it shows), for every SKU the list names."""
    found: dict[str, tuple[_Variant, str]] = {}
    for spec in media:
        for sku in spec.variants:
            rows = variants.get(sku) or []
            mine = [row for row in rows if row.product_id == product.id]
            if not rows:
                raise MediaRefused(f"unknown SKU '{sku}': no variant in Shopify has it")
            if not mine:
                raise MediaRefused(f"SKU '{sku}' is not a variant of product '{product.handle}'")
            for row in mine:
                found[row.id] = (row, spec.source)
    return found


def _record_input(record: Record) -> dict[str, str]:
    return {
        "namespace": RECORD_NAMESPACE,
        "key": RECORD_KEY,
        "type": "json",
        "value": record.to_json(),
    }


def describe(found: Sequence[UserError]) -> str:
    """``userErrors`` as one line: ``media.0.originalSource: Invalid source URL (INVALID)``."""

    def one(error: UserError) -> str:
        where = f"{'.'.join(error.field)}: " if error.field else ""
        return where + (f"{error.message} ({error.code})" if error.code else error.message)

    return "; ".join(one(error) for error in found)
