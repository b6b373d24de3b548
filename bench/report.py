"""Turn the final JSON lines of bench/engine.py runs into the table in docs/benchmarks.md.

Usage: ``python bench/report.py sqlite-output.txt postgres-output.txt``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROWS = [
    ("(a) ingest, webhooks accepted/s", "ingest_per_sec", "≥ 1,500", lambda v: v >= 1500),
    ("(a) ingest ack p50 (ms)", "ingest_p50_ms", "", None),
    ("(a) ingest ack p99 (ms)", "ingest_p99_ms", "< 50", lambda v: v < 50),
    ("(b) webhook-in → HTTP-delivered/s", "delivered_per_sec", "≥ 800", lambda v: v >= 800),
    ("(b) lost / duplicated deliveries", "delivery_lost", "0", lambda v: v == 0),
    ("(b) end-to-end p50 at 200/s (ms)", "e2e_p50_ms_at_200", "< 20", lambda v: v < 20),
    ("(b) end-to-end p99 at 200/s (ms)", "e2e_p99_ms_at_200", "", None),
    ("(b) end-to-end p50 at 400/s (ms)", "e2e_p50_ms_at_400", "< 20", lambda v: v < 20),
    ("(b) end-to-end p99 at 400/s (ms)", "e2e_p99_ms_at_400", "", None),
    ("(c) engine peak RSS (MB)", "rss_mb", "< 200", lambda v: v < 200),
]


def last_json(path: Path) -> dict[str, Any]:
    for line in reversed(path.read_text().splitlines()):
        if line.startswith("{"):
            result: dict[str, Any] = json.loads(line)
            return result
    raise SystemExit(f"{path}: no JSON result line")


def main() -> None:
    results = [last_json(Path(p)) for p in sys.argv[1:]]
    header = "| measure | target | " + " | ".join(r["store"] for r in results) + " |"
    print(header)
    print("|" + "---|" * (2 + len(results)))
    for label, key, target, passes in ROWS:
        cells = []
        for result in results:
            value = result.get(key)
            if key == "delivery_lost" and value is not None:
                value = f"{value} / {result.get('delivery_duplicates')}"
                ok = result.get("delivery_lost") == 0 and result.get("delivery_duplicates") == 0
            else:
                ok = passes(value) if (passes and value is not None) else None
            mark = "" if ok is None or not target else (" ✓" if ok else " ✗")
            cells.append(f"{value if value is not None else '-'}{mark}")
        print(f"| {label} | {target} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
