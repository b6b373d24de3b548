"""Product and variant media, and the computed fields of files.

``Product.media`` lists the product's files in their order (``_ProductMedia``);
``productUpdate(media:)`` (the current way, in ``catalog_mutations``) and
``productCreateMedia`` (deprecated in 2026-07 but served) add files to a product
through :func:`create_media`, ``productDeleteMedia`` deletes them,
``productReorderMedia`` moves them (done at once; the returned ``Job`` is already
``done``). ``fileUpdate(referencesToAdd:)`` attaches existing files (``files``).

Variant media are in ``variant_media``. The ``media`` argument of ``productCreate``
and ``productVariantsBulk*`` is not implemented.

File fields: ``image``/``preview`` are ``null`` until the file is ``READY`` (as
Shopify answers while processing); ``status`` mirrors ``fileStatus``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.files_store import (
    FILE_TYPES,
    SourceError,
    attach_media,
    delete_file,
    media_ids_of,
    new_file,
    set_media_ids,
)
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["MEDIA_INPUTS", "MEDIA_TYPES", "create_media", "media_error", "product_media"]

product_media = Domain("product_media")

MEDIA_TYPES: Final = ("MediaImage", "Video", "ExternalVideo")
_CONTENT_TYPE: Final = {"MediaImage": "IMAGE", "Video": "VIDEO", "ExternalVideo": "EXTERNAL_VIDEO"}
MEDIA_INPUTS: Final = frozenset({"originalSource", "mediaContentType", "alt"})


def _state(info: Info) -> State:
    return context_of(info).state


def _media_of(state: State, product_id: str) -> list[Doc]:
    found = [state.get_gid(media_id) for media_id in media_ids_of(state, product_id)]
    return [doc for doc in found if doc is not None and doc["__typename"] in MEDIA_TYPES]


@product_media.field("Product", "media")
def product_media_field(product: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    media = _media_of(state, product["id"])
    spec = SearchSpec(
        filters={
            "id": Filter("id", lambda m: m["id"]),
            "media_type": Filter("keyword", lambda m: _CONTENT_TYPE[m["__typename"]], multi=True),
        },
        default=lambda m: [m["alt"]],
    )
    media = filter_items(info, media, args.get("query"), spec)
    order = {doc["id"]: index for index, doc in enumerate(media)}
    sort = sort_function(
        args, {"POSITION": lambda m: order[m["id"]], "ID": None}, "POSITION", "Product.media"
    )
    return paginate(media, args, sort_value=sort)


def media_error(
    info: Info, code: str | None, where: list[str], message: str | None = None
) -> UserErrors:
    return UserErrors([user_error(info, code, where, message)])


def create_media(
    info: Info, product: Doc, media: list[dict[str, Any]], code: str | None = "INVALID"
) -> list[Doc]:
    """Files for ``CreateMediaInput``s, appended to the product's media in order.

    Raises ``UserErrors`` (``field`` ``["media", i, …]``); call inside a savepoint.
    ``code`` is the error code to report (``None`` for payloads whose errors have none).
    """
    state = _state(info)
    created = []
    for index, given in enumerate(media):
        refuse_unsupported_inputs(given, "CreateMediaInput", MEDIA_INPUTS)
        if given["mediaContentType"] not in _CONTENT_TYPE.values():
            where = field_path("media", index, "mediaContentType")
            media_code = "INVALID_MEDIA_TYPE" if code else None
            message = f"Media type {given['mediaContentType']} is not supported."
            raise UserErrors([user_error(info, media_code, where, None if code else message)])
        try:
            doc = new_file(state, given)
        except SourceError as exc:
            where = field_path("media", index, "originalSource")
            raise media_error(info, code, where, exc.message) from exc
        attach_media(state, product["id"], doc["id"])
        created.append(doc)
    return created


@product_media.mutation("productCreateMedia")
def product_create_media(
    _root: None, info: Info, productId: str, media: list[dict[str, Any]]
) -> dict[str, Any]:
    state = _state(info)
    product = lookup(state, productId, "Product")
    if product is None:
        error = user_error(info, "PRODUCT_DOES_NOT_EXIST", ["productId"])
        return {"media": None, "mediaUserErrors": [error], "userErrors": [error], "product": None}
    try:
        with state.savepoint():
            created = create_media(info, product, media)
    except UserErrors as failure:
        return {"media": None, "mediaUserErrors": failure.errors, "userErrors": failure.errors,
                "product": product}  # fmt: skip
    return {"media": created, "mediaUserErrors": [], "userErrors": [], "product": product}


@product_media.mutation("productDeleteMedia")
def product_delete_media(
    _root: None, info: Info, productId: str, mediaIds: list[str]
) -> dict[str, Any]:
    state = _state(info)
    product = lookup(state, productId, "Product")
    empty = {"deletedMediaIds": None, "deletedProductImageIds": None, "product": None}
    if product is None:
        error = user_error(info, "PRODUCT_DOES_NOT_EXIST", ["productId"])
        return {**empty, "mediaUserErrors": [error], "userErrors": [error]}
    attached = media_ids_of(state, product["id"])
    for index, media_id in enumerate(mediaIds):
        if media_id not in attached:
            error = user_error(
                info, "MEDIA_DOES_NOT_EXIST_ON_PRODUCT", field_path("mediaIds", index)
            )
            return {**empty, "product": product, "mediaUserErrors": [error], "userErrors": [error]}
    for media_id in mediaIds:
        found = state.get_gid(media_id)
        if found is not None:
            delete_file(state, found)
    images = [m.replace("/MediaImage/", "/ProductImage/") for m in mediaIds if "/MediaImage/" in m]
    return {"deletedMediaIds": mediaIds, "deletedProductImageIds": images, "product": product,
            "mediaUserErrors": [], "userErrors": []}  # fmt: skip


@product_media.mutation("productReorderMedia")
def product_reorder_media(
    _root: None, info: Info, id: str, moves: list[dict[str, Any]]
) -> dict[str, Any]:
    state = _state(info)
    product = lookup(state, id, "Product")
    if product is None:
        error = user_error(info, "PRODUCT_DOES_NOT_EXIST", ["id"])
        return {"job": None, "mediaUserErrors": [error], "userErrors": [error]}
    order = media_ids_of(state, product["id"])
    for index, move in enumerate(moves):
        if move["id"] not in order:
            where = field_path("moves", index, "id")
            error = user_error(info, "MEDIA_DOES_NOT_EXIST_ON_PRODUCT", where)
            return {"job": None, "mediaUserErrors": [error], "userErrors": [error]}
        order.remove(move["id"])
        order.insert(min(int(move["newPosition"]), len(order)), move["id"])
    set_media_ids(state, product["id"], order)
    job = {"__typename": "Job", "id": state.new_gid("Job"), "done": True, "query": {}}
    return {"job": job, "mediaUserErrors": [], "userErrors": []}


# --- file fields -------------------------------------------------------------------


def _image(state: State, doc: Mapping[str, Any]) -> dict[str, Any] | None:
    if doc["fileStatus"] != "READY":
        return None
    size = doc.get("imageSize") or (None, None)
    return {
        "__typename": "Image",
        "id": doc["id"].replace("/MediaImage/", "/ImageSource/"),
        "url": doc["sourceUrl"],
        "altText": doc["alt"] or None,
        "width": size[0],
        "height": size[1],
        "thumbhash": None,
    }


for _type in FILE_TYPES:

    @product_media.field(_type, "preview")
    def file_preview(doc: Doc, info: Info) -> dict[str, Any]:
        image = _image(_state(info), doc) if doc["__typename"] == "MediaImage" else None
        return {"image": image, "status": doc["fileStatus"]}


for _type in MEDIA_TYPES:

    @product_media.field(_type, "status")
    def media_status(doc: Doc, _info: Info) -> str:
        return str(doc["fileStatus"])

    @product_media.field(_type, "mediaContentType")
    def media_content_type(doc: Doc, _info: Info) -> str:
        return _CONTENT_TYPE[doc["__typename"]]


@product_media.field("MediaImage", "image")
def media_image(doc: Doc, info: Info) -> dict[str, Any] | None:
    return _image(_state(info), doc)


@product_media.field("MediaImage", "originalSource")
def media_image_source(doc: Doc, _info: Info) -> dict[str, Any]:
    return {"url": doc["sourceUrl"], "fileSize": doc["originalFileSize"]}


@product_media.field("GenericFile", "url")
def generic_file_url(doc: Doc, _info: Info) -> str | None:
    return str(doc["sourceUrl"]) if doc["fileStatus"] == "READY" else None


@product_media.field("Video", "sources")
def video_sources(_doc: Doc, _info: Info) -> list[Any]:
    return []


@product_media.field("Video", "originalSource")
def video_original_source(_doc: Doc, _info: Info) -> None:
    return None


@product_media.field("Video", "duration")
def video_duration(_doc: Doc, _info: Info) -> None:
    return None


@product_media.field("ExternalVideo", "embeddedUrl")
def external_video_embedded_url(doc: Doc, _info: Info) -> str:
    return str(doc["originUrl"])
