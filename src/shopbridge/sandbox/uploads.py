"""Staged uploads on the sandbox itself: targets, stored bytes, and where they are served.

``stagedUploadsCreate`` hands out targets on the sandbox (Shopify hands out cloud
storage URLs): a ``POST`` target is ``<base>/sandbox/uploads`` with form parameters
(``key``, ``Content-Type``, ``success_action_status``, ``acl``) to send before the
``file`` part, as for Shopify's form-POST targets; a ``PUT`` target is
``<base>/sandbox/uploads/<key>`` taking the raw body. The bytes are kept in the
store as internal ``_Upload`` documents (so they live in memory, and in the data
file when there is one) and served back at ``resourceUrl``
(``<base>/sandbox/uploads/<key>``). ``key`` is also the ``stagedUploadPath`` of a
bulk mutation. The base URL is the served one (``set_base_url``, called when the
server starts); before that it is ``http://localhost``.
"""

from __future__ import annotations

import base64
import struct
import weakref
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Final

from shopbridge.sandbox.state import Doc, State

__all__ = [
    "UPLOAD",
    "UPLOADS_PATH",
    "base_url",
    "image_size",
    "key_of_url",
    "new_target",
    "parse_form",
    "read_upload",
    "set_base_url",
    "store_upload",
]

UPLOAD: Final = "_Upload"
UPLOADS_PATH: Final = "/sandbox/uploads"
DEFAULT_BASE_URL: Final = "http://localhost"
_BASE_URLS: weakref.WeakKeyDictionary[State, str] = weakref.WeakKeyDictionary()


def set_base_url(state: State, url: str) -> None:
    _BASE_URLS[state] = url.rstrip("/")


def base_url(state: State) -> str:
    return _BASE_URLS.get(state, DEFAULT_BASE_URL)


def new_target(state: State, given: dict[str, Any]) -> dict[str, Any]:
    """A staged target for one ``StagedUploadInput`` and its pending ``_Upload`` record."""
    number = state.new_id(UPLOAD)
    folder = "bulk" if given["resource"] == "BULK_MUTATION_VARIABLES" else "uploads"
    key = f"tmp/{folder}/{number}/{given['filename']}"
    state.put(
        UPLOAD,
        key,
        {
            "key": key,
            "filename": given["filename"],
            "mimeType": given["mimeType"],
            "resource": given["resource"],
            "fileSize": given.get("fileSize"),
            "content": None,
        },
    )
    base = base_url(state)
    resource_url = f"{base}{UPLOADS_PATH}/{key}"
    if given.get("httpMethod") == "PUT":
        return {
            "url": resource_url,
            "resourceUrl": resource_url,
            "parameters": [
                {"name": "content_type", "value": given["mimeType"]},
                {"name": "acl", "value": "private"},
            ],
        }
    return {
        "url": f"{base}{UPLOADS_PATH}",
        "resourceUrl": resource_url,
        "parameters": [
            {"name": "Content-Type", "value": given["mimeType"]},
            {"name": "success_action_status", "value": "201"},
            {"name": "acl", "value": "private"},
            {"name": "key", "value": key},
        ],
    }


def store_upload(state: State, key: str, content: bytes, mime_type: str | None = None) -> bool:
    """Keep the bytes sent to a staged target; ``False`` when no target has that key."""
    found = state.get(UPLOAD, key)
    if found is None:
        return False
    with state.transaction(source="staged_upload"):
        state.put(
            UPLOAD,
            key,
            {
                **found,
                "content": base64.b64encode(content).decode(),
                "size": len(content),
                "mimeType": mime_type or found["mimeType"],
            },
        )
    return True


def read_upload(state: State, key: str) -> tuple[bytes, Doc] | None:
    """The uploaded bytes and their record, or ``None`` when nothing was uploaded there."""
    found = state.get(UPLOAD, key)
    if found is None or found.get("content") is None:
        return None
    return base64.b64decode(found["content"]), found


def key_of_url(state: State, url: str) -> str | None:
    """The staged key of a ``resourceUrl`` served by this sandbox, if it is one."""
    prefix = f"{base_url(state)}{UPLOADS_PATH}/"
    if url.startswith(prefix):
        return url.removeprefix(prefix)
    marker = f"{UPLOADS_PATH}/"
    if marker in url and state.get(UPLOAD, url.split(marker, 1)[1]) is not None:
        return url.split(marker, 1)[1]
    return None


@dataclass(frozen=True, slots=True)
class FormPart:
    name: str
    value: bytes
    filename: str | None
    content_type: str | None


def parse_form(content_type: str, body: bytes) -> dict[str, FormPart]:
    """A ``multipart/form-data`` body by part name (the standard library's MIME parser)."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    parts: dict[str, FormPart] = {}
    if not message.is_multipart():
        return parts
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        value = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        parts[name] = FormPart(name, value, filename, part.get("content-type"))
    return parts


def image_size(content: bytes) -> tuple[int, int] | None:
    """``(width, height)`` of a PNG, GIF or JPEG image; ``None`` for anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return int(width), int(height)
    if content.startswith(b"\xff\xd8"):
        index = 2
        while index + 9 < len(content):
            if content[index] != 0xFF:
                return None
            marker = content[index + 1]
            length = struct.unpack(">H", content[index + 2 : index + 4])[0]
            if marker in {
                0xC0,
                0xC1,
                0xC2,
                0xC3,
                0xC5,
                0xC6,
                0xC7,
                0xC9,
                0xCA,
                0xCB,
                0xCD,
                0xCE,
                0xCF,
            }:
                height, width = struct.unpack(">HH", content[index + 5 : index + 9])
                return int(width), int(height)
            index += 2 + length
    return None
