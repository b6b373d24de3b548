"""Run JSONata's own published test suite against the candidate Python evaluators.

    python bench/jsonata_conformance.py PATH/TO/test-suite
    python bench/jsonata_conformance.py PATH/TO/test-suite --engine jsonatapy --failures 20

PATH is a checkout or export of the ``test/test-suite`` folder of
https://github.com/jsonata-js/jsonata (the folder holding ``groups/`` and
``datasets/``). The suite is read at run time and never vendored here, e.g.::

    git --git-dir=<clone>/.git archive HEAD test/test-suite | tar -x -C /tmp/jsonata

Each engine runs in its own child process, so a crash, a hang or a side effect
of one engine (jsonata-python raises the interpreter's recursion limit on
import) cannot affect the other. A case that takes longer than --case-timeout
seconds, or kills the child, fails and the child is restarted.

Scoring follows the reference runner (test/run-test-suite.js):

* ``result``: deep equality (numbers by value, so 3 == 3.0, but booleans are
  never numbers; object key order is ignored; ``unordered`` cases compare arrays
  as multisets);
* ``undefinedResult``: the engine returns nothing. Both engines' Python APIs
  return ``None`` for JSONata *undefined* and for ``null`` alike, which is also
  how shopbridge consumes them, so ``None`` passes here and these passes are
  counted separately as ``none_for_undefined``;
* ``code`` / ``error.code``: compiling or evaluating fails with that error code.
  Cases with ``timelimit``/``depth`` are run with the engine's own guardrails
  (timeout and stack depth); their expected ``U1001`` is the reference runner's
  own harness code, so the engines' equivalents ``D1011``/``D1012`` pass too.

Printed: a table of passes per group and engine, totals, optionally failing
cases, and a final JSON line.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import re
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ENGINES = {"jsonatapy": "jsonatapy", "jsonata-python": "jsonata-python"}
RUNAWAY_CODES = {"U1001", "D1011", "D1012"}
UNDEFINED = "__undefined_input__"
_CODE = re.compile(r"\b([A-Z]\d{4})\b")


# --------------------------------------------------------------------------- suite


@dataclass(slots=True)
class Case:
    group: str
    name: str
    expr: str
    data: Any
    bindings: dict[str, Any]
    spec: dict[str, Any]


def load_suite(root: Path, only_groups: set[str] | None) -> list[Case]:
    groups_dir, datasets_dir = root / "groups", root / "datasets"
    if not groups_dir.is_dir() or not datasets_dir.is_dir():
        sys.exit(f"{root} has no groups/ and datasets/ folders; pass the test-suite folder")
    datasets = {p.stem: json.loads(p.read_text()) for p in sorted(datasets_dir.glob("*.json"))}
    cases: list[Case] = []
    for group_dir in sorted(p for p in groups_dir.iterdir() if p.is_dir()):
        if only_groups and group_dir.name not in only_groups:
            continue
        for file in sorted(group_dir.glob("*.json")):
            spec = json.loads(file.read_text())
            specs = spec if isinstance(spec, list) else [spec]
            for index, item in enumerate(specs):
                expr = item.get("expr")
                if "expr-file" in item:
                    expr = (group_dir / item["expr-file"]).read_text()
                if "data" in item:
                    data = item["data"]
                elif item.get("dataset") is None:
                    data = UNDEFINED
                else:
                    data = datasets[item["dataset"]]
                name = file.stem if len(specs) == 1 else f"{file.stem}[{index}]"
                cases.append(
                    Case(group_dir.name, name, expr, data, item.get("bindings") or {}, item)
                )
    return cases


# --------------------------------------------------------------------------- child side


def _plain(value: Any) -> Any:
    """An engine's result as plain JSON-ish Python (picklable; unknown objects tagged)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return {"__non_json__": type(value).__name__}


def _child(engine: str, conn: Connection) -> None:
    if engine == "jsonatapy":
        import jsonatapy

        def run(case: dict[str, Any]) -> Any:
            expr = jsonatapy.compile(
                case["expr"], timeout=case.get("timelimit"), max_stack_depth=case.get("depth")
            )
            data = None if case["data"] == UNDEFINED else case["data"]
            return expr.evaluate(data, case["bindings"] or None)

        def code_of(exc: BaseException) -> str | None:
            match = _CODE.search(str(exc))
            return match.group(1) if match else None

    else:
        from jsonata import JException, Jsonata

        def run(case: dict[str, Any]) -> Any:
            expr = Jsonata(case["expr"], timeout=case.get("timelimit"), stack=case.get("depth"))
            data = None if case["data"] == UNDEFINED else case["data"]
            return expr.evaluate(data, case["bindings"] or None)

        def code_of(exc: BaseException) -> str | None:
            return exc.error if isinstance(exc, JException) else None

    while True:
        case = conn.recv()
        if case is None:
            return
        try:
            outcome: tuple[str, Any, str] = ("value", _plain(run(case)), "")
        except RecursionError as exc:  # not an engine error code; report it plainly
            outcome = ("error", None, f"RecursionError: {exc}")
        except Exception as exc:
            outcome = ("error", code_of(exc), f"{type(exc).__name__}: {exc}"[:300])
        conn.send(outcome)


class Runner:
    """One engine in a child process; restarted after a crash or a hang."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self._ctx = mp.get_context("spawn")
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_child, args=(self.engine, child), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        return parent

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
        self._proc, self._conn = None, None

    def run(self, case: Case, timeout: float) -> tuple[str, Any, str]:
        conn = self._conn or self._start()
        payload = {"expr": case.expr, "data": case.data, "bindings": case.bindings}
        for key in ("timelimit", "depth"):
            if key in case.spec:
                payload[key] = case.spec[key]
        try:
            conn.send(payload)
            if conn.poll(timeout):
                result: tuple[str, Any, str] = conn.recv()
                return result
            self._kill()
            return ("hang", None, f"no answer within {timeout:.0f}s")
        except (EOFError, BrokenPipeError, ConnectionResetError):
            code = self._proc.exitcode if self._proc is not None else None
            self._kill()
            return ("crash", None, f"engine process died (exit code {code})")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.send(None)
                self._proc.join(5)
            except (BrokenPipeError, OSError):
                pass
        self._kill()


# --------------------------------------------------------------------------- scoring


def same(expected: Any, actual: Any, unordered: bool = False) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    if isinstance(expected, str) or expected is None:
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(expected) != len(actual):
            return False
        if not unordered:
            return all(same(e, a) for e, a in zip(expected, actual, strict=True))
        remaining = list(actual)
        for e in expected:
            hit = next((i for i, a in enumerate(remaining) if same(e, a)), None)
            if hit is None:
                return False
            remaining.pop(hit)
        return True
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and expected.keys() == actual.keys()
            and all(same(v, actual[k]) for k, v in expected.items())
        )
    return False


def verdict(case: Case, outcome: tuple[str, Any, str]) -> tuple[bool, bool, str]:
    """(passed, passed only because None stands for undefined, why it failed)."""
    kind, value, message = outcome
    spec = case.spec
    expected_code = spec.get("code") or (spec.get("error") or {}).get("code")
    if kind in {"hang", "crash"}:
        return False, False, message
    if expected_code is not None:
        if kind != "error":
            return False, False, f"expected error {expected_code}, got {json.dumps(value)[:120]}"
        ok = value == expected_code or (expected_code == "U1001" and value in RUNAWAY_CODES)
        return ok, False, "" if ok else f"expected error {expected_code}, got {message}"
    if kind == "error":
        return False, False, f"unexpected error: {message}"
    if "undefinedResult" in spec:
        return value is None, value is None, f"expected undefined, got {json.dumps(value)[:120]}"
    if "result" in spec:
        ok = same(spec["result"], value, bool(spec.get("unordered")))
        why = f"expected {json.dumps(spec['result'])[:120]}, got {json.dumps(value)[:120]}"
        return ok, False, "" if ok else why
    return False, False, "case has nothing to check"


@dataclass(slots=True)
class Tally:
    passed: int = 0
    failed: int = 0
    none_for_undefined: int = 0
    hangs: int = 0
    crashes: int = 0
    by_group: dict[str, list[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", type=Path, help="path to JSONata's test/test-suite folder")
    parser.add_argument("--engine", choices=sorted(ENGINES), action="append")
    parser.add_argument("--group", action="append", help="only this group (repeatable)")
    parser.add_argument("--case-timeout", type=float, default=30.0, metavar="SECS")
    parser.add_argument("--failures", type=int, default=0, metavar="N", help="list N failures")
    args = parser.parse_args()

    cases = load_suite(args.suite, set(args.group) if args.group else None)
    engines = args.engine or list(ENGINES)
    tallies = {engine: Tally() for engine in engines}
    for engine in engines:
        tally, runner = tallies[engine], Runner(engine)
        started = time.perf_counter()
        try:
            for case in cases:
                limit = max(args.case_timeout, 3 * case.spec.get("timelimit", 0) / 1000)
                outcome = runner.run(case, limit)
                passed, lenient, why = verdict(case, outcome)
                counts = tally.by_group.setdefault(case.group, [0, 0])
                counts[0 if passed else 1] += 1
                tally.hangs += outcome[0] == "hang"
                tally.crashes += outcome[0] == "crash"
                if passed:
                    tally.passed += 1
                    tally.none_for_undefined += lenient
                else:
                    tally.failed += 1
                    tally.failures.append(f"{case.group}/{case.name}: {case.expr[:80]!r}: {why}")
        finally:
            runner.close()
        tally.seconds = time.perf_counter() - started

    groups = sorted({case.group for case in cases})
    width = max(len(g) for g in groups) if groups else 5
    header = f"{'group':<{width}}  {'cases':>5}" + "".join(f"  {e:>15}" for e in engines)
    print(header)
    print("-" * len(header))
    for group in groups:
        total = sum(1 for c in cases if c.group == group)
        cells = "".join(f"  {tallies[e].by_group[group][0]:>7}/{total:<7}" for e in engines)
        flag = "" if all(tallies[e].by_group[group][1] == 0 for e in engines) else "  *"
        print(f"{group:<{width}}  {total:>5}{cells}{flag}")
    print("-" * len(header))
    print(
        f"{'TOTAL':<{width}}  {len(cases):>5}"
        + "".join(f"  {tallies[e].passed:>7}/{len(cases):<7}" for e in engines)
    )
    print("(* = at least one engine fails a case in this group)")
    for engine in engines:
        t = tallies[engine]
        print(
            f"{engine}: {t.passed} passed, {t.failed} failed "
            f"({100 * t.passed / max(len(cases), 1):.1f}%), {t.hangs} hung, {t.crashes} crashed, "
            f"{t.none_for_undefined} passes rely on None for undefined, {t.seconds:.1f}s"
        )
        for line in t.failures[: args.failures]:
            print(f"  FAIL {line}")

    versions: dict[str, str | None] = {}
    for engine, dist in ENGINES.items():
        try:
            versions[engine] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[engine] = None
    summary = {
        "suite": str(args.suite),
        "cases": len(cases),
        "groups": len(groups),
        "engines": {
            engine: {
                "version": versions[engine],
                "passed": t.passed,
                "failed": t.failed,
                "pass_rate": round(t.passed / max(len(cases), 1), 4),
                "none_for_undefined": t.none_for_undefined,
                "hangs": t.hangs,
                "crashes": t.crashes,
                "groups_all_passed": sum(1 for v in t.by_group.values() if v[1] == 0),
                "failed_by_group": dict(
                    sorted(((g, v[1]) for g, v in t.by_group.items() if v[1]), key=lambda x: -x[1])
                ),
                "seconds": round(t.seconds, 1),
            }
            for engine, t in tallies.items()
        },
    }
    print(json.dumps(summary, sort_keys=False))


if __name__ == "__main__":
    main()
