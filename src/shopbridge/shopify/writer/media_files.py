"""A file item (a banner, a PDF…) in Shopify: the file by its filename, then its metafield.

``fileCreate`` with ``duplicateResolutionMode: REPLACE`` and the item's filename
creates the file, or replaces the source and alt of the file that already has that
name (it keeps its id, so what references it keeps working). With a metafield, a
``file_reference`` metafield on the shop or on a product (by handle) is then set to
the file's id with ``metafieldsSet``. Uploaded bytes are staged first. The product
is looked up before anything is written, so an unknown handle changes nothing.
"""

from __future__ import annotations

from typing import Any

from shopbridge.shopify.admin import AdminClient, documents, user_errors

from .media_changes import FileTarget, MediaRefused, MetafieldSpec
from .media_product import describe
from .media_upload import stage_uploads

__all__ = ["FileWriter"]


class FileWriter:
    """Applies one file change; counts the mutations it sends.

    ``shop_id`` is the shop's GID when already known (the sender keeps it between items).
    """

    def __init__(self, client: AdminClient, shop_id: str | None = None) -> None:
        self.client = client
        self.mutations = 0
        self.shop_id = shop_id

    async def apply(self, target: FileTarget) -> None:
        """Create or replace the file, then point the metafield at it; ``MediaRefused``."""
        spec = target.file
        owner = await self._owner(target.metafield) if target.metafield is not None else None
        staged = await stage_uploads(self.client, [spec])
        given: dict[str, Any] = {
            "originalSource": staged.get(spec.source, spec.url),
            "filename": spec.filename,
            "alt": spec.alt or "",
            "duplicateResolutionMode": "REPLACE",
        }
        if spec.type is not None:
            given["contentType"] = spec.type
        self.mutations += 1
        result = await self.client.execute(documents.MEDIA_FILE_CREATE, {"files": [given]})
        found = user_errors(result.payload)
        if found:
            raise MediaRefused(f"Shopify refused the file: {describe(found)}")
        files = result.payload.get("files") or []
        if not files:
            raise MediaRefused("Shopify created no file")
        if target.metafield is None or owner is None:
            return
        metafield = {
            "ownerId": owner,
            "namespace": target.metafield.namespace,
            "key": target.metafield.key,
            "type": "file_reference",
            "value": files[0]["id"],
        }
        self.mutations += 1
        result = await self.client.execute(
            documents.MEDIA_METAFIELDS_SET, {"metafields": [metafield]}
        )
        found = user_errors(result.payload)
        if found:
            raise MediaRefused(f"Shopify refused the metafield: {describe(found)}")

    async def _owner(self, metafield: MetafieldSpec) -> str:
        """The GID of the metafield's owner: the shop, or the product with the handle."""
        if metafield.owner == "shop":
            if self.shop_id is None:
                result = await self.client.execute(documents.MEDIA_SHOP_ID)
                self.shop_id = str(result.payload["id"])
            return self.shop_id
        result = await self.client.execute(documents.MEDIA_PRODUCT_ID, {"handle": metafield.handle})
        if not result.payload:
            raise MediaRefused(
                f"unknown product handle '{metafield.handle}': no product in Shopify has it"
            )
        return str(result.payload["id"])
