"""Reading a bulk mutation's result file: every input line gets a payload or a clear reason."""

from __future__ import annotations

import json

from shopbridge.sync.bulk import parse_results

ROOT = "inventorySetQuantities"
DONE = {"status": "COMPLETED", "errorCode": None}


def _line(number: int, **payload: object) -> str:
    return json.dumps({"data": {ROOT: {"userErrors": [], **payload}}, "__lineNumber": number})


def test_each_result_line_answers_its_input_line() -> None:
    results = parse_results(_line(1) + "\n" + _line(0, tag="first") + "\n\n", DONE)
    assert results.answer(0, ROOT) == {"userErrors": [], "tag": "first"}
    assert results.answer(1, ROOT) == {"userErrors": []}
    assert results.answer(2, ROOT) == "the bulk operation ended COMPLETED without a result for it"


def test_a_corrupt_line_naming_its_input_line_is_that_lines_error() -> None:
    corrupt = '{"data": {"inventorySetQuantities": {"userErr'
    text = "\n".join([_line(0), corrupt + ', "__lineNumber": 1', _line(2)])
    results = parse_results(text, DONE)
    reason = results.answer(1, ROOT)
    assert isinstance(reason, str)
    assert reason.startswith("its result line could not be read: line 2 of the result file")
    assert "is not JSON" in reason
    assert results.answer(0, ROOT) == {"userErrors": []}
    assert results.answer(2, ROOT) == {"userErrors": []}


def test_a_corrupt_line_naming_nothing_explains_every_missing_result() -> None:
    results = parse_results(_line(0) + "\n{not json\n[1, 2]\n", DONE)
    reason = results.answer(1, ROOT)
    assert isinstance(reason, str)
    assert reason.startswith(
        "the bulk operation ended COMPLETED without a result for it; 2 result line(s) could "
        "not be read (line 2 of the result file is not JSON ("
    )
    assert results.stray[1] == "line 3 of the result file names no input line"


def test_top_level_errors_and_a_missing_answer_are_reasons() -> None:
    errors = json.dumps({"errors": [{"message": "Internal error"}], "__lineNumber": 0})
    empty = json.dumps({"data": {ROOT: None}, "__lineNumber": 1})
    results = parse_results(f"{errors}\n{empty}", {"status": "FAILED", "errorCode": "TIMEOUT"})
    assert results.answer(0, ROOT) == "Internal error"
    assert results.answer(1, ROOT) == f"its result line has no '{ROOT}' answer"
    assert results.answer(2, ROOT) == "the bulk operation ended FAILED without a result for it"
