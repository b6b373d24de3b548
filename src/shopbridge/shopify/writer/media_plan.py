"""What to change on a product so that its media become the list a DAM sent (pure).

shopbridge knows which media it attached from its *record*, a JSON metafield on the
product (``$app:shopbridge.media``): ``{"media": {source: media id}, "pending": …}``,
where a source is a URL or ``sha256:<hex>`` of uploaded bytes. Shopify keeps no
trace of a medium's original URL that could be matched later, so without the record
a repeated list would attach every image again.

Creating media and recording their ids are two calls; to survive a crash in between,
the call that creates media also writes the record with ``pending`` (the sources
being created and the media ids the product had before). A later read adopts the
new ids in order (:func:`adopt`), so a retry never attaches a medium twice.

Given the record, the product's media now and the list wanted, :func:`plan` says
what to create, what to delete (media shopbridge attached that are no longer
listed), whose alt text to change; :func:`moves` says how to reorder so that the
listed media come first, in list order, with other media (attached in Shopify by
other means) after them in their own order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from .media_changes import MediaSpec

__all__ = [
    "RECORD_KEY",
    "RECORD_NAMESPACE",
    "CurrentMedium",
    "MediaPlan",
    "Record",
    "adopt",
    "moves",
    "plan",
    "read_record",
]

RECORD_NAMESPACE: Final = "$app:shopbridge"
RECORD_KEY: Final = "media"


@dataclass(frozen=True, slots=True)
class CurrentMedium:
    """A medium on the product now, as Shopify lists it."""

    id: str
    alt: str | None
    status: str


@dataclass(frozen=True, slots=True)
class Record:
    """shopbridge's record on a product: source -> media id, and a creation in progress."""

    media: Mapping[str, str] = field(default_factory=dict)
    pending_sources: tuple[str, ...] = ()
    pending_before: tuple[str, ...] = ()

    def to_json(self) -> str:
        body: dict[str, Any] = {"media": dict(self.media)}
        if self.pending_sources:
            body["pending"] = {
                "sources": list(self.pending_sources),
                "before": list(self.pending_before),
            }
        return json.dumps(body, separators=(",", ":"), sort_keys=True)


def read_record(value: str | None) -> Record:
    """The record from the metafield's value; an unreadable one counts as empty."""
    if not value:
        return Record()
    try:
        parsed = json.loads(value)
    except ValueError:
        return Record()
    if not isinstance(parsed, dict):
        return Record()
    media = parsed.get("media")
    pending = parsed.get("pending")
    found = {
        str(source): media_id
        for source, media_id in (media.items() if isinstance(media, dict) else ())
        if isinstance(media_id, str)
    }
    if not isinstance(pending, dict):
        return Record(found)
    sources, before = pending.get("sources"), pending.get("before")
    return Record(
        found,
        tuple(s for s in sources if isinstance(s, str)) if isinstance(sources, list) else (),
        tuple(b for b in before if isinstance(b, str)) if isinstance(before, list) else (),
    )


def adopt(record: Record, current: Sequence[str]) -> dict[str, str]:
    """source -> media id for media still on the product, pending creations adopted.

    Media that appeared after the pending creation's ``before`` snapshot, and that the
    record does not already name, are the created ones, in the order they were sent.
    """
    on_product = set(current)
    found = {
        source: media_id for source, media_id in record.media.items() if media_id in on_product
    }
    if record.pending_sources:
        known = set(record.pending_before) | set(found.values())
        fresh = [media_id for media_id in current if media_id not in known]
        for source, media_id in zip(record.pending_sources, fresh, strict=False):
            found.setdefault(source, media_id)
    return found


@dataclass(frozen=True, slots=True)
class MediaPlan:
    """The changes that make the product's managed media the list wanted."""

    kept: Mapping[str, str]  # source -> media id, already on the product
    create: tuple[MediaSpec, ...]
    delete: tuple[str, ...]
    alt: tuple[tuple[str, str], ...]  # (media id, new alt text)


def plan(
    wanted: Sequence[MediaSpec], current: Sequence[CurrentMedium], known: Mapping[str, str]
) -> MediaPlan:
    """Compare the list wanted with what the product has (``known``: :func:`adopt`)."""
    alts = {medium.id: medium.alt or "" for medium in current}
    sources = {spec.source for spec in wanted}
    kept = {spec.source: known[spec.source] for spec in wanted if spec.source in known}
    return MediaPlan(
        kept=kept,
        create=tuple(spec for spec in wanted if spec.source not in known),
        delete=tuple(media_id for source, media_id in known.items() if source not in sources),
        alt=tuple(
            (kept[spec.source], spec.alt or "")
            for spec in wanted
            if spec.source in kept and alts.get(kept[spec.source], "") != (spec.alt or "")
        ),
    )


def moves(order: Sequence[str], first: Sequence[str]) -> list[dict[str, str]]:
    """``MoveInput``s putting ``first`` at the front of ``order``, in that order.

    Moves run one after another, each position counted in the list as the earlier
    moves left it (``productReorderMedia``); media already in place are not moved.
    ``newPosition`` is an ``UnsignedInt64``, sent as a string.
    """
    working = [media_id for media_id in order]
    found: list[dict[str, str]] = []
    for position, media_id in enumerate(first):
        if media_id not in working or working[position] == media_id:
            continue
        working.remove(media_id)
        working.insert(position, media_id)
        found.append({"id": media_id, "newPosition": str(position)})
    return found
