"""Value formats shared by REST-shaped payloads: times, ids, enums, tags.

REST writes times in the shop's time zone with an offset (``2026-07-01T08:30:00-04:00``),
where the GraphQL documents the sandbox stores hold UTC (``2026-07-01T12:30:00Z``);
ids are numbers next to an ``admin_graphql_api_id`` GID; enums are lower case
(``active``, ``deny``); tags are one comma-separated string.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone

from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import State

__all__ = ["numeric_id", "rest_enum", "rest_tags", "rest_time", "shop_zone", "utc_millis"]


def shop_zone(state: State) -> timezone:
    """The shop's fixed UTC offset (``Shop.timezoneOffsetMinutes``; UTC when unknown)."""
    shops = state.all("Shop")
    minutes = shops[0].get("timezoneOffsetMinutes", 0) if shops else 0
    return timezone(timedelta(minutes=minutes or 0))


def _parse(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def rest_time(state: State, value: str | None) -> str | None:
    """A stored UTC time as REST writes it: in the shop's zone, with its offset."""
    if value is None:
        return None
    return _parse(value).astimezone(shop_zone(state)).isoformat()


def utc_millis(value: str) -> str:
    """``2022-01-01T00:00:00.000Z``: the form of ``variant_gids[].updated_at``."""
    moment = _parse(value).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def numeric_id(gid: str | None) -> int | None:
    return None if gid is None else legacy_id(gid)


def rest_enum(value: str | None) -> str | None:
    return None if value is None else value.lower()


def rest_tags(tags: Iterable[str]) -> str:
    return ", ".join(tags)
