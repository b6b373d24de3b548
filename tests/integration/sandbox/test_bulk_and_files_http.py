"""Staged uploads over real HTTP, fileCreate from them, and bulk query/mutation round trips."""

from __future__ import annotations

import asyncio
import json
import struct
import zlib
from typing import Any

import aiohttp

from tests.integration.sandbox.harness import Client, running

STAGE = """
mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) {
  stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }
"""
POLL = """
query($id: ID!) { bulkOperation(id: $id) {
  id status errorCode objectCount rootObjectCount fileSize url type query completedAt } }
"""


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


async def _upload(
    client: Client, filename: str, mime: str, resource: str, content: bytes
) -> dict[str, Any]:
    staged = await client.admin(
        STAGE,
        {
            "input": [
                {"filename": filename, "mimeType": mime, "resource": resource, "httpMethod": "POST"}
            ]
        },
    )
    [target] = staged.body["data"]["stagedUploadsCreate"]["stagedTargets"]
    assert target["url"].startswith(client.sandbox.url + "/sandbox/uploads")
    form = aiohttp.FormData()
    for parameter in target["parameters"]:
        form.add_field(parameter["name"], parameter["value"])
    form.add_field("file", content, filename=filename, content_type=mime)
    async with client.http.post(target["url"], data=form) as response:
        assert response.status == 201
    result: dict[str, Any] = target
    return result


async def _wait(client: Client, operation_id: str) -> dict[str, Any]:
    for _ in range(400):
        reply = await client.admin(POLL, {"id": operation_id})
        operation: dict[str, Any] = reply.body["data"]["bulkOperation"]
        if operation["status"] in {"COMPLETED", "FAILED", "CANCELED"}:
            return operation
        await asyncio.sleep(0.02)
    raise AssertionError("the bulk operation did not finish")


async def _lines(client: Client, url: str) -> list[dict[str, Any]]:
    async with client.http.get(url) as response:
        assert response.status == 200
        return [json.loads(line) for line in (await response.text()).splitlines()]


async def test_multipart_upload_then_file_create() -> None:
    async with running() as client:
        target = await _upload(client, "hat.png", "image/png", "IMAGE", _png(640, 480))
        created = await client.admin(
            """mutation($s: String!) { fileCreate(files: [{originalSource: $s, alt: "A hat",
              contentType: IMAGE}]) { files { id fileStatus alt }
              userErrors { code message } } }""",
            {"s": target["resourceUrl"]},
        )
        payload = created.body["data"]["fileCreate"]
        assert payload["userErrors"] == []
        [file] = payload["files"]
        assert file["fileStatus"] == "UPLOADED"
        query = """query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus
          image { url altText width height } } } }"""
        for _ in range(200):
            node = (await client.admin(query, {"id": file["id"]})).body["data"]["node"]
            if node["fileStatus"] == "READY":
                break
            await asyncio.sleep(0.02)
        assert node["image"]["width"] == 640
        assert node["image"]["height"] == 480
        assert node["image"]["altText"] == "A hat"
        async with client.http.get(node["image"]["url"]) as response:
            assert await response.read() == _png(640, 480)


async def _seed(client: Client) -> list[str]:
    ids = []
    for title in ("Hat", "Scarf", "Glove"):
        reply = await client.admin(
            """mutation($t: String!) { productSet(input: {title: $t,
              productOptions: [{name: "Size", values: [{name: "S"}, {name: "M"}]}],
              variants: [{optionValues: [{optionName: "Size", name: "S"}], price: "1.00"},
                         {optionValues: [{optionName: "Size", name: "M"}], price: "2.00"}]}) {
              product { id } userErrors { message } } }""",
            {"t": title},
        )
        ids.append(reply.body["data"]["productSet"]["product"]["id"])
    return ids


async def test_bulk_query_flattens_nested_variants() -> None:
    async with running() as client:
        ids = await _seed(client)
        started = await client.admin(
            """mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) {
              bulkOperation { id status type } userErrors { field message code } } }""",
            {
                "q": "{ products(first: 1) { edges { node { id title "
                "variants { edges { node { id price } } } } } } }"
            },
        )
        payload = started.body["data"]["bulkOperationRunQuery"]
        assert payload["userErrors"] == []
        assert payload["bulkOperation"]["status"] == "CREATED"
        done = await _wait(client, payload["bulkOperation"]["id"])
        assert done["status"] == "COMPLETED"
        assert (done["objectCount"], done["rootObjectCount"]) == ("9", "3")
        lines = await _lines(client, done["url"])
        assert int(done["fileSize"]) > 0
        products = [line for line in lines if "__parentId" not in line]
        assert [p["id"] for p in products] == ids
        variants = [line for line in lines if "__parentId" in line]
        assert len(variants) == 6
        assert {v["__parentId"] for v in variants} == set(ids)
        assert lines[1]["__parentId"] == ids[0]
        assert set(lines[1]) == {"id", "price", "__parentId"}
        refused = await client.admin(
            """mutation { bulkOperationRunQuery(query: "{ shop { name } }", groupObjects: false) {
              bulkOperation { id } userErrors { field code message } } }"""
        )
        [error] = refused.body["data"]["bulkOperationRunQuery"]["userErrors"]
        assert error["code"] == "INVALID"
        assert error["field"] == ["query"]


async def test_bulk_mutation_round_trip() -> None:
    async with running() as client:
        ids = await _seed(client)
        rows = [
            {"product": {"id": ids[0], "title": "Hat 2"}},
            {"product": {"id": ids[1], "title": ""}},
            {"product": {"id": ids[2], "title": "Glove 2"}},
        ]
        content = "".join(json.dumps(row) + "\n" for row in rows).encode()
        target = await _upload(
            client, "vars.jsonl", "text/jsonl", "BULK_MUTATION_VARIABLES", content
        )
        key = next(p["value"] for p in target["parameters"] if p["name"] == "key")
        started = await client.admin(
            """mutation($m: String!, $path: String!) { bulkOperationRunMutation(mutation: $m,
              stagedUploadPath: $path) { bulkOperation { id type }
              userErrors { code message } } }""",
            {
                "m": "mutation($product: ProductUpdateInput!) { productUpdate(product: $product) "
                "{ product { id title } userErrors { field message } } }",
                "path": key,
            },
        )
        payload = started.body["data"]["bulkOperationRunMutation"]
        assert payload is not None, started.body
        assert payload["userErrors"] == []
        done = await _wait(client, payload["bulkOperation"]["id"])
        assert (done["status"], done["type"]) == ("COMPLETED", "MUTATION")
        lines = await _lines(client, done["url"])
        assert [line["__lineNumber"] for line in lines] == [0, 1, 2]
        assert lines[0]["data"]["productUpdate"]["product"] == {"id": ids[0], "title": "Hat 2"}
        assert lines[1]["data"]["productUpdate"]["userErrors"][0]["field"] == ["title"]
        assert lines[2]["data"]["productUpdate"]["userErrors"] == []
        titles = await client.admin("{ products(first: 5) { nodes { title } } }")
        assert [n["title"] for n in titles.body["data"]["products"]["nodes"]] == [
            "Hat 2",
            "Scarf",
            "Glove 2",
        ]
        missing = await client.admin(
            """mutation { bulkOperationRunMutation(mutation: "mutation { shop { id } }",
              stagedUploadPath: "tmp/none") { userErrors { code } } }"""
        )
        assert missing.body["data"]["bulkOperationRunMutation"]["userErrors"][0]["code"] in {
            "INVALID_MUTATION",
            "NO_SUCH_FILE",
        }
