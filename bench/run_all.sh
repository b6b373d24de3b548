#!/usr/bin/env bash
# Run the engine benchmarks on SQLite and PostgreSQL and print the results table.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
.venv/bin/python bench/engine.py --store sqlite | tee "$out/sqlite.txt"
.venv/bin/python bench/engine.py --store postgres | tee "$out/postgres.txt"
.venv/bin/python bench/report.py "$out/sqlite.txt" "$out/postgres.txt"
