"""Media requests judged item by item: exact field paths, and what normalization gives."""

from __future__ import annotations

import base64
import hashlib

from shopbridge.sources.media import MAX_UPLOAD_BYTES
from shopbridge.sources.media.validate import normalize
from tests.unit.sources.judging import RECEIVED_AT, Judge

judge = Judge(normalize)
FRONT = "https://dam.example.com/front.jpg"


def test_a_product_item_by_url_is_stored_with_its_source_and_a_default_version() -> None:
    assert judge.ok({"handle": "tee", "media": [{"url": FRONT, "alt": "Front"}]}) == {
        "shop": "acme",
        "items": [
            {
                "handle": "tee",
                "sku": None,
                "media": [
                    {
                        "type": "IMAGE",
                        "source": FRONT,
                        "url": FRONT,
                        "data": None,
                        "filename": None,
                        "mime_type": None,
                        "alt": "Front",
                        "variants": [],
                    }
                ],
                "version": RECEIVED_AT,
            }
        ],
    }


def test_uploaded_bytes_are_keyed_by_their_hash_and_typed_from_the_filename() -> None:
    data = base64.b64encode(b"\x89PNG fake").decode()
    item = {
        "sku": "T-S",
        "media": [{"data": data, "filename": "b.png", "variants": ["T-S", "T-S"]}],
    }
    [stored] = judge.ok({"items": [item]})["items"]
    [medium] = stored["media"]
    assert medium["source"] == "sha256:" + hashlib.sha256(b"\x89PNG fake").hexdigest()
    assert (medium["mime_type"], medium["variants"], stored["sku"]) == ("image/png", ["T-S"], "T-S")


def test_an_empty_list_is_valid_and_removes_what_shopbridge_attached() -> None:
    assert judge.ok({"handle": "tee", "media": [], "version": 2})["items"][0]["media"] == []


def test_each_medium_is_judged_alone_with_its_path() -> None:
    big = base64.b64encode(b"\0" * (MAX_UPLOAD_BYTES + 1)).decode()
    media = [
        {"url": FRONT, "filename": "x.jpg", "mime_type": "image/jpeg"},
        {"data": big, "filename": "big.png"},
        {"data": "AAAA", "filename": "clip", "type": "VIDEO"},
        {"data": "AAAA", "filename": "clip.mp4", "mime_type": "image/png", "type": "VIDEO"},
        {"data": "AAAA", "type": "EXTERNAL_VIDEO", "filename": "v.mp4"},
        "not an object",
        {"url": FRONT, "colour": "red"},
        {},
    ]
    assert judge.problems({"handle": "tee", "media": media}) == [
        ("media.0.filename", "only with data"),
        ("media.0.mime_type", "only with data"),
        ("media.1.data", "is larger than 20 MiB"),
        ("media.2.filename", "must be a file name with an extension, no folders"),
        ("media.3.mime_type", "must be video/… for a VIDEO"),
        ("media.4.data", "an EXTERNAL_VIDEO is a YouTube or Vimeo url"),
        ("media.5", "must be an object"),
        ("media.6.colour", "unknown field"),
        ("media.7.url", "required: give url or data"),
    ]


def test_repeats_within_a_product_are_refused() -> None:
    media = [
        {"url": FRONT, "variants": ["A"]},
        {"url": FRONT},
        {"url": FRONT + "?side", "variants": ["B", "A"]},
    ]
    assert judge.problems({"handle": "tee", "media": media}) == [
        ("media.1.url", "the same medium as media.0"),
        ("media.2.variants.1", "'A' already shows media.0 (a variant shows one medium)"),
    ]
    many = [{"url": f"{FRONT}?{i}", "variants": [f"S-{i}"]} for i in range(101)]
    assert judge.problems({"handle": "tee", "media": many}) == [
        ("media", "at most 100 variants per product")
    ]


def test_file_items_need_a_filename_and_a_well_formed_metafield_owner() -> None:
    banner = {"url": FRONT, "filename": "home.jpg"}
    stored = judge.ok(
        {"file": banner, "metafield": {"owner": "shop", "namespace": "custom", "key": "hb"}}
    )
    [item] = stored["items"]
    assert (item["file"]["type"], item["file"]["filename"], item["metafield"]["owner"]) == (
        None,
        "home.jpg",
        "shop",
    )
    problems = judge.problems(
        {
            "items": [
                {"file": banner, "metafield": {"owner": "product", "namespace": "cu", "key": "k1"}},
                {
                    "file": banner,
                    "metafield": {
                        "owner": "shop",
                        "handle": "x",
                        "namespace": "custom",
                        "key": "k1",
                    },
                },
                {"file": {"url": FRONT, "filename": "a.pdf", "type": "VIDEO"}},
            ]
        }
    )
    assert problems == [
        ("items.0.metafield.namespace", "String should have at least 3 characters"),
        ("items.1.metafield.handle", "only with owner product"),
        ("items.2.file.type", "Input should be 'IMAGE' or 'FILE'"),
    ]
    assert judge.problems(
        {"file": banner, "metafield": {"owner": "product", "namespace": "custom", "key": "k1"}}
    ) == [("metafield.handle", "required with owner product")]


def test_the_target_is_one_of_handle_sku_or_file() -> None:
    assert judge.problems({"media": []}) == [("handle", "required: give handle, sku or file")]
    assert judge.problems({"handle": "t", "sku": "S", "media": []}) == [
        ("handle", "give handle or sku, not both")
    ]
    assert judge.problems({"handle": "t"}) == [("media", "required")]
    assert judge.problems({"items": [{"handle": "Not A Handle", "media": []}]})[0][0] == (
        "items.0.handle"
    )
