"""Compare a payload's shape with Shopify's official example, and load those examples.

``assert_same_shape(payload, example)`` checks that both have the same keys and the same
JSON type at every path, recursively, and fails naming the first path that differs::

    assert_same_shape(rendered, official_example("products/update"))
    # AssertionError: $.variants[0].price: expected string, got number

The rules, chosen because the examples are scraped from shopify.dev and are sometimes
less precise than a live payload:

* objects: the key sets must be equal (a missing and an extra key are both reported);
  then each key's value is compared;
* lists: every element of the payload is compared with the example's *first* element
  (an empty example list accepts any list; an empty payload list is fine too);
* ``null`` on either side accepts the other side's value: an example shows one
  instance, and many fields are nullable (``compare_at_price``, ``sku``); pass
  ``strict_nulls=True`` to accept a payload ``null`` only where the example has one;
* numbers: ``int`` and ``float`` are one type, since JSON does not tell them apart and
  the examples write ``0`` for a ``0.0`` weight; booleans are never numbers.

``official_example(topic)`` reads ``tests/fixtures/shopify_webhook_examples`` (see its
NOTICE.md), and ``official_topics()`` lists every topic it holds.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any, Final

__all__ = ["assert_same_shape", "json_type", "official_example", "official_topics", "shape_errors"]

EXAMPLES_DIR: Final = Path(__file__).parents[3] / "fixtures" / "shopify_webhook_examples"
DEFAULT_VERSION: Final = "2026-07"


def json_type(value: Any) -> str:
    """The JSON type name of a decoded value (``int`` and ``float`` are both ``number``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def shape_errors(
    payload: Any, example: Any, path: str = "$", *, strict_nulls: bool = False
) -> list[str]:
    """Every difference in shape between ``payload`` and ``example``, one line each."""
    if example is None or (payload is None and not strict_nulls):
        return []
    wanted, got = json_type(example), json_type(payload)
    if wanted != got:
        return [f"{path}: expected {wanted}, got {got}"]
    if isinstance(example, dict):
        errors = []
        missing = sorted(set(example) - set(payload))
        extra = sorted(set(payload) - set(example))
        if missing:
            errors.append(f"{path}: missing keys {missing}")
        if extra:
            errors.append(f"{path}: unexpected keys {extra}")
        for key in example:
            if key in payload:
                errors += shape_errors(
                    payload[key], example[key], f"{path}.{key}", strict_nulls=strict_nulls
                )
        return errors
    if isinstance(example, list) and example:
        return [
            error
            for index, item in enumerate(payload)
            for error in shape_errors(
                item, example[0], f"{path}[{index}]", strict_nulls=strict_nulls
            )
        ]
    return []


def assert_same_shape(
    payload: Any, example: Any, path: str = "$", *, strict_nulls: bool = False
) -> None:
    """Fail with every differing path when ``payload`` is not shaped like ``example``."""
    errors = shape_errors(payload, example, path, strict_nulls=strict_nulls)
    if errors:
        raise AssertionError("payload shape differs from the example:\n  " + "\n  ".join(errors))


@cache
def _examples(version: str) -> dict[str, Any]:
    with gzip.open(EXAMPLES_DIR / f"{version}.json.gz", "rb") as handle:
        examples: dict[str, Any] = json.load(handle)
    return examples


def official_topics(version: str = DEFAULT_VERSION) -> frozenset[str]:
    return frozenset(_examples(version))


def official_example(topic: str, version: str = DEFAULT_VERSION) -> Any:
    """Shopify's example payload of ``topic`` (``KeyError`` when there is none)."""
    return _examples(version)[topic]
