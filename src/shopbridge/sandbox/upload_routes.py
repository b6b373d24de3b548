"""HTTP routes for staged uploads and bulk operation results (see ``uploads``, ``bulk``).

* ``POST /sandbox/uploads``: a form-POST upload (``key`` and the other target
  parameters, then ``file``); answers 201 with a small XML body, as the cloud storage
  behind Shopify's targets does when ``success_action_status`` is 201 (204 otherwise);
* ``PUT /sandbox/uploads/<key>``: the raw bytes for a ``PUT`` target;
* ``GET /sandbox/uploads/<key>``: the uploaded bytes (a file's URL);
* ``GET /sandbox/bulk/<id>.jsonl``: a bulk operation's results.

An unknown key answers 404; a POST without ``key`` or ``file`` answers 400.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shopbridge.sandbox.bulk_store import read_result
from shopbridge.sandbox.state import State
from shopbridge.sandbox.uploads import UPLOADS_PATH, parse_form, read_upload, store_upload

__all__ = ["upload_routes"]


def _xml_error(status: int, code: str, message: str) -> Response:
    body = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    )
    return Response(body, status_code=status, media_type="application/xml")


def upload_routes(state: State) -> list[Route]:
    """The routes serving ``state``'s uploads and bulk results."""

    async def post_upload(request: Request) -> Response:
        form = parse_form(request.headers.get("content-type", ""), await request.body())
        key, upload = form.get("key"), form.get("file")
        if key is None or upload is None:
            return _xml_error(400, "InvalidArgument", "The form needs key and file fields.")
        wanted = form.get("Content-Type")
        mime = wanted.value.decode() if wanted else upload.content_type
        if not store_upload(state, key.value.decode(), upload.value, mime):
            return _xml_error(404, "NoSuchUpload", "No staged target has this key.")
        status = form.get("success_action_status")
        if status is not None and status.value == b"201":
            body = (
                "<?xml version='1.0' encoding='UTF-8'?><PostResponse>"
                f"<Key>{key.value.decode()}</Key></PostResponse>"
            )
            return Response(body, status_code=201, media_type="application/xml")
        return Response(status_code=204)

    async def put_upload(request: Request) -> Response:
        key = request.path_params["key"]
        if not store_upload(state, key, await request.body(), request.headers.get("content-type")):
            return _xml_error(404, "NoSuchUpload", "No staged target has this key.")
        return Response(status_code=200)

    async def get_upload(request: Request) -> Response:
        found = read_upload(state, request.path_params["key"])
        if found is None:
            return _xml_error(404, "NoSuchKey", "The specified key does not exist.")
        content, record = found
        return Response(content, media_type=record.get("mimeType") or "application/octet-stream")

    async def get_bulk_result(request: Request) -> Response:
        text = read_result(state, request.path_params["name"])
        if text is None:
            return _xml_error(404, "NoSuchKey", "The specified key does not exist.")
        return Response(text, media_type="application/jsonl")

    return [
        Route(UPLOADS_PATH, post_upload, methods=["POST"]),
        Route(UPLOADS_PATH + "/{key:path}", put_upload, methods=["PUT"]),
        Route(UPLOADS_PATH + "/{key:path}", get_upload, methods=["GET"]),
        Route("/sandbox/bulk/{name}.jsonl", get_bulk_result, methods=["GET"]),
    ]
