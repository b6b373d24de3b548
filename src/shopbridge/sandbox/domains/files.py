"""Staged uploads and files: ``stagedUploadsCreate``, ``fileCreate``/``Update``/``Delete``.

See ``uploads`` for the targets and ``files_store`` for processing. ``fileCreate``
refuses a source it cannot use (``INVALID_IMAGE_SOURCE_URL``, ``INVALID``: a video
from an external URL, an external video not on YouTube or Vimeo, or a staged target
nothing was uploaded to), a taken filename with ``RAISE_ERROR``
(``FILENAME_ALREADY_EXISTS``), and ``MODEL_3D`` as not supported. ``REPLACE`` needs a
``filename`` (``MISSING_FILENAME_FOR_DUPLICATE_MODE_REPLACE``); when a file has it, that
file keeps its id and takes the new source and alt (images and generic files only:
``INVALID_DUPLICATE_MODE_FOR_TYPE``), else the file is created. ``fileUpdate`` needs ``READY`` files
(``NON_READY_STATE``) and takes ``alt``, ``filename`` (same extension:
``INVALID_FILENAME_EXTENSION``), ``originalSource`` (processed again) and product
``referencesToAdd``/``referencesToRemove`` (``REFERENCE_TARGET_DOES_NOT_EXIST``).
Each of these mutations is all or nothing.
"""

from __future__ import annotations

from typing import Any, Final

from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.files_store import (
    FILE_TYPES,
    SourceError,
    all_files,
    attach_media,
    delete_file,
    detach_media,
    new_file,
    products_using,
    replace_file,
    unique_filename,
)
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import InvalidGidError, parse_gid
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State
from shopbridge.sandbox.uploads import new_target

__all__ = ["create_files", "files"]

files = Domain("files")
for _type in FILE_TYPES:
    files.node(_type)(stored_node)

_CREATE_INPUTS: Final = {
    "originalSource",
    "contentType",
    "alt",
    "filename",
    "duplicateResolutionMode",
}
_REPLACEABLE: Final = ("MediaImage", "GenericFile")
_UPDATE_INPUTS: Final = {
    "id",
    "alt",
    "filename",
    "originalSource",
    "referencesToAdd",
    "referencesToRemove",
}


def _state(info: Info) -> State:
    return context_of(info).state


@files.mutation("stagedUploadsCreate")
def staged_uploads_create(_root: None, info: Info, input: list[dict[str, Any]]) -> dict[str, Any]:
    state = _state(info)
    for index, given in enumerate(input):
        if given["resource"] in {"VIDEO", "MODEL_3D"} and given.get("fileSize") is None:
            where = field_path("input", index, "fileSize")
            message = "File size is required for VIDEO and MODEL_3D resources."
            return {"stagedTargets": None, "userErrors": [user_error(info, None, where, message)]}
    return {"stagedTargets": [new_target(state, given) for given in input], "userErrors": []}


def create_files(info: Info, given: list[dict[str, Any]], prefix: str) -> list[Doc]:
    """Files for ``FileCreateInput``s; raises ``UserErrors`` (``field`` under ``prefix``)."""
    state = _state(info)
    created = []
    for index, entry in enumerate(given):
        refuse_unsupported_inputs(entry, "FileCreateInput", _CREATE_INPUTS)
        if entry.get("contentType") == "MODEL_3D":
            raise not_supported(f"fileCreate with contentType {entry['contentType']}")
        try:
            replaced = _replace(info, state, entry, [prefix, index])
            if replaced is not None:
                created.append(replaced)
                continue
            doc = new_file(state, entry)
        except SourceError as exc:
            where = field_path(prefix, index, "originalSource")
            raise UserErrors([user_error(info, exc.code, where, exc.message)]) from exc
        filename = unique_filename(
            state, doc["filename"], entry.get("duplicateResolutionMode"), doc["id"]
        )
        if filename is None:
            where = field_path(prefix, index, "filename")
            raise UserErrors([user_error(info, "FILENAME_ALREADY_EXISTS", where)])
        if filename != doc["filename"]:
            doc = state.save({**doc, "filename": filename})
        created.append(doc)
    return created


def _replace(info: Info, state: State, entry: dict[str, Any], where: list[Any]) -> Doc | None:
    """The file ``REPLACE`` updated in place, or ``None`` when there is none to replace."""
    if entry.get("duplicateResolutionMode") != "REPLACE":
        return None
    if not entry.get("filename"):
        code = "MISSING_FILENAME_FOR_DUPLICATE_MODE_REPLACE"
        raise UserErrors([user_error(info, code, field_path(*where, "filename"))])
    existing = next((f for f in all_files(state) if f["filename"] == entry["filename"]), None)
    if existing is None:
        return None
    if existing["__typename"] not in _REPLACEABLE:
        code = "INVALID_DUPLICATE_MODE_FOR_TYPE"
        raise UserErrors([user_error(info, code, field_path(*where, "duplicateResolutionMode"))])
    return replace_file(state, existing, entry)


@files.mutation("fileCreate")
def file_create(_root: None, info: Info, files: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        with _state(info).savepoint():
            created = create_files(info, files, "files")
    except UserErrors as failure:
        return {"files": None, "userErrors": failure.errors}
    return {"files": created, "userErrors": []}


def _file(state: State, value: str) -> Doc | None:
    try:
        parsed = parse_gid(value)
    except InvalidGidError:
        return None
    return state.get(parsed.type, parsed.id) if parsed.type in FILE_TYPES else None


def _update_one(info: Info, index: int, given: dict[str, Any]) -> Doc:
    state = _state(info)
    refuse_unsupported_inputs(given, "FileUpdateInput", _UPDATE_INPUTS)

    def fail(code: str, name: str, message: str | None = None) -> UserErrors:
        return UserErrors([user_error(info, code, field_path("files", index, name), message)])

    found = _file(state, given["id"])
    if found is None:
        raise fail("FILE_DOES_NOT_EXIST", "id")
    if found["fileStatus"] != "READY":
        raise fail("NON_READY_STATE", "id")
    doc = dict(found)
    if given.get("alt") is not None:
        doc["alt"] = given["alt"]
    if given.get("filename") is not None:
        old_ext, new_ext = doc["filename"].rpartition(".")[2], given["filename"].rpartition(".")[2]
        if old_ext.lower() != new_ext.lower():
            raise fail("INVALID_FILENAME_EXTENSION", "filename")
        doc["filename"] = given["filename"]
    if given.get("originalSource") is not None:
        if doc["__typename"] in {"Video", "ExternalVideo"}:
            raise fail("UNSUPPORTED_MEDIA_TYPE_FOR_FILENAME_UPDATE", "originalSource")
        try:
            kind = "IMAGE" if doc["__typename"] == "MediaImage" else "FILE"
            source = {"originalSource": given["originalSource"], "contentType": kind}
            replacement = new_file(state, source)
        except SourceError as exc:
            raise fail(exc.code, "originalSource", exc.message) from exc
        parsed = parse_gid(replacement["id"])
        state.delete(parsed.type, parsed.id)
        for key in ("mimeType", "originalFileSize", "sourceUrl", "imageSize"):
            doc[key] = replacement[key]
        doc["fileStatus"] = "UPLOADED"
    for name in ("referencesToAdd", "referencesToRemove"):
        for reference in given.get(name) or []:
            if lookup(state, reference, "Product") is None:
                raise fail("REFERENCE_TARGET_DOES_NOT_EXIST", name)
            if name == "referencesToAdd":
                attach_media(state, reference, doc["id"])
            else:
                detach_media(state, reference, doc["id"])
    doc["updatedAt"] = state.now()
    return state.save(doc)


@files.mutation("fileUpdate")
def file_update(_root: None, info: Info, files: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        with _state(info).savepoint():
            updated = [_update_one(info, i, given) for i, given in enumerate(files)]
    except UserErrors as failure:
        return {"files": None, "userErrors": failure.errors}
    return {"files": updated, "userErrors": []}


@files.mutation("fileDelete")
def file_delete(_root: None, info: Info, fileIds: list[str]) -> dict[str, Any]:
    state = _state(info)
    found = [_file(state, value) for value in fileIds]
    for index, doc in enumerate(found):
        if doc is None:
            where = field_path("fileIds", index)
            error = user_error(info, "FILE_DOES_NOT_EXIST", where)
            return {"deletedFileIds": None, "userErrors": [error]}
    for doc in found:
        assert doc is not None
        delete_file(state, doc)
    return {"deletedFileIds": [doc["id"] for doc in found if doc], "userErrors": []}


_MEDIA_TYPE: Final = {
    "MediaImage": "IMAGE",
    "Video": "VIDEO",
    "ExternalVideo": "EXTERNAL_VIDEO",
    "GenericFile": "GENERIC_FILE",
}


def _files_search(state: State) -> SearchSpec:
    return SearchSpec(
        filters={
            "id": Filter("id", lambda f: f["id"]),
            "filename": Filter("keyword", lambda f: f["filename"]),
            "media_type": Filter("keyword", lambda f: _MEDIA_TYPE[f["__typename"]], multi=True),
            "status": Filter("keyword", lambda f: f["fileStatus"], multi=True),
            "created_at": Filter("time", lambda f: f["createdAt"]),
            "updated_at": Filter("time", lambda f: f["updatedAt"]),
            "product_id": Filter("id", lambda f: products_using(state, f["id"])),
        },
        default=lambda f: [f["filename"], f["alt"]],
    )


@files.query("files")
def files_query(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    if args.get("savedSearchId"):
        raise not_supported("Argument 'savedSearchId' of field 'QueryRoot.files'")
    state = _state(info)
    found = filter_items(info, all_files(state), args.get("query"), _files_search(state))
    sort = sort_function(
        args,
        {
            "ID": None,
            "RELEVANCE": None,
            "CREATED_AT": lambda f: f["createdAt"],
            "UPDATED_AT": lambda f: f["updatedAt"],
            "FILENAME": lambda f: f["filename"].lower(),
            "ORIGINAL_UPLOAD_SIZE": lambda f: f["originalFileSize"],
        },
        "ID",
        "QueryRoot.files",
    )
    return paginate(found, args, sort_value=sort)
