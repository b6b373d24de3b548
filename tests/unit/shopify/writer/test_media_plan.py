"""The media plan: the record read back, crashed creations adopted, the diff, the moves."""

from __future__ import annotations

from shopbridge.shopify.writer.media_changes import MediaSpec
from shopbridge.shopify.writer.media_plan import (
    CurrentMedium,
    Record,
    adopt,
    moves,
    plan,
    read_record,
)


def spec(source: str, alt: str | None = None) -> MediaSpec:
    return MediaSpec("IMAGE", source, source, None, None, None, alt, ())


def test_the_record_round_trips_and_an_unreadable_one_counts_as_empty() -> None:
    record = Record({"a": "m1"}, ("b",), ("m1",))
    assert read_record(record.to_json()) == record
    assert read_record(Record({"a": "m1"}).to_json()) == Record({"a": "m1"})
    for broken in (None, "", "not json", "[1]", '{"media": {"a": 3}}'):
        assert read_record(broken).media == {}


def test_media_gone_from_the_product_are_forgotten_and_pending_ones_adopted_in_order() -> None:
    record = Record({"a": "m1", "gone": "m9"}, ("b", "c"), ("m1", "m2"))
    assert adopt(record, ["m1", "m2", "m3", "m4", "m5"]) == {"a": "m1", "b": "m3", "c": "m4"}
    assert adopt(record, ["m1", "m2", "m3"]) == {"a": "m1", "b": "m3"}  # c was never created


def test_the_plan_creates_the_new_deletes_the_unlisted_and_fixes_alt_texts() -> None:
    current = [CurrentMedium("m1", "Front", "READY"), CurrentMedium("m2", None, "READY")]
    todo = plan(
        [spec("c"), spec("a", "Front"), spec("b", "Back")],
        current,
        {"a": "m1", "b": "m2", "x": "m7"},
    )
    assert todo.kept == {"a": "m1", "b": "m2"}
    assert [s.source for s in todo.create] == ["c"]
    assert todo.delete == ("m7",)
    assert todo.alt == (("m2", "Back"),)
    same = plan([spec("a", "Front")], current, {"a": "m1"})
    assert (same.create, same.delete, same.alt) == ((), (), ())


def test_moves_put_the_listed_media_first_in_order_and_skip_those_in_place() -> None:
    assert moves(["m1", "m2", "m3"], ["m1", "m2"]) == []
    assert moves(["own", "m1", "m2"], ["m2", "m1"]) == [
        {"id": "m2", "newPosition": "0"},
        {"id": "m1", "newPosition": "1"},
    ]
    assert moves(["m1", "own", "m2"], ["m1", "m2"]) == [{"id": "m2", "newPosition": "1"}]
