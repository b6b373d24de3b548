"""Uploaded bytes to Shopify: ``stagedUploadsCreate``, then the bytes to the target.

Shopify hands out one target per file (a cloud storage URL with form parameters);
the file is POSTed there as ``multipart/form-data`` (the parameters first, the
``file`` part last), and the target's ``resourceUrl`` becomes the medium's
``originalSource``. Videos must declare their size.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Final

import aiohttp

from shopbridge import errors
from shopbridge.shopify.admin import AdminClient, documents, user_errors

from .media_changes import MediaRefused, MediaSpec

__all__ = ["stage_uploads"]

UPLOAD_TIMEOUT_SECS: Final = 120.0
_RESOURCE: Final = {"IMAGE": "IMAGE", "VIDEO": "VIDEO", "FILE": "FILE"}


def _resource(spec: MediaSpec) -> str:
    if spec.type is not None:
        return _RESOURCE.get(spec.type, "FILE")
    return "IMAGE" if (spec.mime_type or "").startswith("image/") else "FILE"


async def stage_uploads(client: AdminClient, specs: Sequence[MediaSpec]) -> dict[str, str]:
    """source -> ``resourceUrl`` for every spec with ``data``.

    Raises ``MediaRefused`` for Shopify's refusals, ``ShopifyError`` (retried by the
    writer) when the upload could not be sent.
    """
    uploads = [spec for spec in specs if spec.data is not None]
    if not uploads:
        return {}
    contents = [base64.b64decode(spec.data or "") for spec in uploads]
    inputs = [
        {
            "filename": spec.filename,
            "mimeType": spec.mime_type or "application/octet-stream",
            "resource": _resource(spec),
            "fileSize": str(len(content)),
            "httpMethod": "POST",
        }
        for spec, content in zip(uploads, contents, strict=True)
    ]
    staged = await client.execute(documents.STAGED_UPLOADS_CREATE, {"input": inputs})
    refused = user_errors(staged.payload)
    if refused:
        reasons = "; ".join(error.message for error in refused)
        raise MediaRefused(f"Shopify refused the staged upload: {reasons}")
    targets = staged.payload.get("stagedTargets") or []
    if len(targets) != len(uploads):
        raise errors.ShopifyError("stagedUploadsCreate returned too few targets")
    found: dict[str, str] = {}
    timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT_SECS)
    async with aiohttp.ClientSession(trust_env=False, timeout=timeout) as http:
        for spec, content, target in zip(uploads, contents, targets, strict=True):
            await _post(http, target, spec, content)
            found[spec.source] = str(target["resourceUrl"])
    return found


async def _post(
    http: aiohttp.ClientSession, target: dict[str, object], spec: MediaSpec, content: bytes
) -> None:
    form = aiohttp.FormData()
    parameters = target.get("parameters")
    for parameter in parameters if isinstance(parameters, list) else ():
        form.add_field(str(parameter["name"]), str(parameter["value"]))
    form.add_field(
        "file",
        content,
        filename=spec.filename or "upload",
        content_type=spec.mime_type or "application/octet-stream",
    )
    try:
        async with http.post(str(target["url"]), data=form) as response:
            if response.status >= 500:
                raise errors.ShopifyError(f"the staged upload answered HTTP {response.status}")
            if response.status >= 300:
                detail = (await response.text())[:200]
                raise MediaRefused(
                    f"the staged upload was refused: HTTP {response.status} {detail}"
                )
    except aiohttp.ClientError as exc:
        raise errors.ShopifyError(f"the staged upload failed: {exc}") from exc
