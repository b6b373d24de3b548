"""JSONata expressions: syntax and evaluation errors, undefined, filters, keys, big ids, cache."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from shopbridge import errors, testing
from shopbridge.engine import mapping
from shopbridge.engine.mapping import compile_expression, evaluate_ordering_key, is_truthy

BIG_ID = 5_678_901_234_567_890_123  # > 2**53, as Shopify ids are


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    mapping.clear_cache()
    yield
    mapping.clear_cache()


def evaluate(text: str, data: Any = None) -> Any:
    return compile_expression(text, name="flows.test.map").evaluate(data)


# -- syntax errors -----------------------------------------------------------------------


def test_syntax_error_names_the_expression_the_code_and_where() -> None:
    with pytest.raises(errors.MappingError) as caught:
        compile_expression('{"order_id": id, ', name="flows.orders.map")
    message = str(caught.value)
    assert message.startswith("flows.orders.map: syntax error: ")
    assert "S0207" in message
    assert "at the end of the expression" in message
    assert "'{\"order_id\": id,'" in message  # the text, whitespace folded
    assert caught.value.expression == '{"order_id": id, '


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("(", "S0207"),
        ('"unterminated', "S0101"),
        ("a ++ b", "S0211"),
        ("foo bar", "S0201"),
        ('"\\q"', "S0103"),
        ("", "S0207"),
    ],
)
def test_syntax_errors_carry_the_jsonata_code(text: str, code: str) -> None:
    with pytest.raises(errors.MappingError, match=code):
        compile_expression(text)


def test_long_expressions_are_shortened_in_messages() -> None:
    text = '{"a": ' + " ".join(f'"x{i}" &' for i in range(100))
    with pytest.raises(errors.MappingError) as caught:
        compile_expression(text)
    assert "…" in str(caught.value)
    assert len(str(caught.value)) < 200


def test_text_must_be_a_string() -> None:
    with pytest.raises(errors.MappingError, match="expected JSONata text, got int"):
        compile_expression(42, name="flows.x.filter")  # type: ignore[arg-type]


# -- evaluation errors -------------------------------------------------------------------


def test_error_function_message_reaches_the_reason() -> None:
    expr = compile_expression('$error("no customer on this order")', name="flows.broken.map")
    with pytest.raises(errors.MappingError) as caught:
        expr.evaluate(testing.sample_order())
    assert str(caught.value) == "flows.broken.map: no customer on this order (D3137)"
    assert caught.value.expression == '$error("no customer on this order")'


@pytest.mark.parametrize(
    ("text", "data", "code"),
    [
        ("total + 1", {"total": "12.50"}, "T2001"),
        ("$number(total)", {"total": "twelve"}, "D3030"),
        ("$uppercase(n)", {"n": 5}, "T0410"),
        ("$notAFunction()", {}, "T1006"),
    ],
)
def test_evaluation_errors_are_mapping_errors(text: str, data: Any, code: str) -> None:
    with pytest.raises(errors.MappingError, match=f"^flows.test.map: .*{code}"):
        evaluate(text, data)


def test_runaway_recursion_hits_the_depth_limit() -> None:
    deep = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(n))"
    assert evaluate(deep, {"n": 100}) == 100
    with pytest.raises(errors.MappingError, match=r"nested deeper than 1000 levels.*\(D1011\)"):
        evaluate(deep, {"n": 100_000})


def test_endless_loop_hits_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mapping, "TIMEOUT_MS", 50)
    started = time.perf_counter()
    with pytest.raises(errors.MappingError, match=r"took longer than 50 ms \(D1012\)"):
        evaluate("($loop := function() { $loop() }; $loop())")
    assert time.perf_counter() - started < 2


def test_time_limit_counts_from_each_evaluation_not_from_compiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mapping, "TIMEOUT_MS", 50)
    expr = compile_expression("$sum(n)")
    time.sleep(0.1)
    assert expr.evaluate({"n": [1, 2]}) == 3
    assert expr.evaluate({"n": [3]}) == 3


def test_huge_sequences_hit_the_length_limit() -> None:
    with pytest.raises(errors.MappingError, match=r"beyond 100000 items \(D2015\)"):
        evaluate("$count([1..200000])")


# -- values and undefined ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nothing", None),
        ("customer.nothing.deeper", None),
        ("null", None),
        ('{"a": nothing, "b": null}', {"b": None}),
        ("[1, nothing, 2]", [1, 2]),
        ("line_items[quantity > 100]", None),
        ("function($x) { $x }", None),
    ],
)
def test_undefined_is_none_and_is_dropped_inside_values(text: str, expected: Any) -> None:
    assert evaluate(text, testing.sample_order()) == expected


@pytest.mark.parametrize(
    ("text", "data", "expected"),
    [
        ("6 / 2", None, 3),
        ("$sum([1.5, 1.5])", None, 3),
        ("price * 2", {"price": 10.0}, 20),
        ("price", {"price": 10.0}, 10),
        ("$number('19.00')", None, 19),
        ("$round(2.675, 2)", None, 2.68),
        ("0.1 + 0.2", None, 0.30000000000000004),
        ("-n", {"n": 9_007_199_254_740_991}, -9_007_199_254_740_991),
    ],
)
def test_integral_numbers_are_ints(text: str, data: Any, expected: float) -> None:
    result = evaluate(text, data)
    assert result == expected
    assert type(result) is type(expected)


# -- filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('financial_status = "paid"', True),
        ('financial_status = "pending"', False),
        ("$number(total_price) > 0", True),
        ('line_items[sku = "SKU-MUG"]', True),  # an object
        ('line_items[sku = "SKU-NOPE"]', False),  # undefined
        ("fulfillment_status", False),  # null
        ("note", False),  # missing
        ("order_number", True),
        ("total_tax = '0.00' and currency = 'USD'", True),
        ("$count(line_items) > 5", False),
    ],
)
def test_filters_use_jsonata_truthiness(text: str, expected: bool) -> None:
    expr = compile_expression(text, name="flows.paid.filter")
    assert expr.matches(testing.sample_order()) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        (False, False),
        (True, True),
        (0, False),
        (0.0, False),
        (-1, True),
        (0.5, True),
        ("", False),
        ("false", True),
        ([], False),
        ([0, "", None, [False]], False),
        ([0, "x"], True),
        ({}, False),
        ({"a": None}, True),
    ],
)
def test_truthiness_matches_jsonata_boolean(value: Any, expected: bool) -> None:
    assert is_truthy(value) is expected
    # The engine agrees: $boolean() of the same value.
    assert evaluate("$boolean(v)", {"v": value}) is expected


def test_filter_errors_are_mapping_errors() -> None:
    with pytest.raises(errors.MappingError):
        compile_expression("$number(name) > 0").matches(testing.sample_order())


# -- ordering keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "data", "expected"),
    [
        ("id", testing.sample_order(), "5678901234567890123"),
        ("customer.id", testing.sample_order(), "7012345678901234567"),
        ("sku", {"sku": "TEE-M"}, "TEE-M"),
        ("n", {"n": 42}, "42"),
        ("n", {"n": 42.0}, "42"),
        ("n", {"n": 1.5}, "1.5"),
        ("flag", {"flag": True}, "true"),
        ("$string(id)", {"id": 77}, "77"),
        ("sku", {}, None),
        ("sku", {"sku": None}, None),
        ("line_items[0].sku", testing.sample_order(), "SKU-TEE-M"),
    ],
)
def test_ordering_key_is_a_string(text: str, data: Any, expected: str | None) -> None:
    assert evaluate_ordering_key(compile_expression(text), data) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [("line_items.sku", "an array of 2 values"), ("customer", "an object")],
)
def test_ordering_key_rejects_arrays_and_objects(text: str, kind: str) -> None:
    expr = compile_expression(text, name="flows.orders.ordering_key")
    with pytest.raises(errors.MappingError) as caught:
        evaluate_ordering_key(expr, testing.sample_order())
    assert str(caught.value) == (
        f"flows.orders.ordering_key: an ordering key must be a single string or number, got {kind}"
    )


def test_ordering_key_errors_are_mapping_errors() -> None:
    with pytest.raises(errors.MappingError, match="T2001"):
        evaluate_ordering_key(compile_expression("sku + 1"), {"sku": "A"})


# -- big ids -----------------------------------------------------------------------------


def test_big_id_round_trips_exactly() -> None:
    order = testing.sample_order(order_id=BIG_ID)
    result = evaluate('{"id": id, "again": $$.id, "lines": line_items.id}', order)
    assert result == {"id": BIG_ID, "again": BIG_ID, "lines": [BIG_ID + 1, BIG_ID + 2]}
    assert type(result["id"]) is int
    assert evaluate("$", order) == order
    assert evaluate("id", order) == BIG_ID


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$string(id)", "5678901234567890123"),
        ('"" & id', "5678901234567890123"),
        ('"gid://shopify/Order/" & id', "gid://shopify/Order/5678901234567890123"),
        ("$string(id, true)", "5678901234567890123"),
        ("$string(line_items.id)", "[5678901234567890124,5678901234567890125]"),
        ('$string({"order": $string(id)})', '{"order":"5678901234567890123"}'),
        ('{$string(id): "x"}', {"5678901234567890123": "x"}),
        ("id = $$.id", True),
        ("id = customer.id", False),
        ("id != customer.id", True),
        ("$count($distinct([id, id, customer.id]))", 2),
        ("$exists(id)", True),
        ("line_items[id = $$.line_items[1].id].sku", "SKU-MUG"),
        # Documented limits: inside the expression a big id is an opaque placeholder.
        ("id = 5678901234567890123", False),
        ("$string(id) = '5678901234567890123'", False),
        ("$type(id)", "object"),
    ],
)
def test_big_ids_stay_exact_through_strings_and_equality(text: str, expected: Any) -> None:
    assert evaluate(text, testing.sample_order(order_id=BIG_ID)) == expected


def test_whole_payload_as_text_keeps_every_id() -> None:
    order = testing.sample_order(order_id=BIG_ID)
    assert json.loads(evaluate("$string($)", order)) == order


@pytest.mark.parametrize(
    "number",
    [2**53, -(2**53), -BIG_ID, 2**63, 2**70, 10**30],
)
def test_any_integer_beyond_2_53_survives(number: int) -> None:
    assert evaluate("n", {"n": number}) == number
    assert evaluate("[n]", {"n": number}) == [number]
    assert evaluate("n", number) is None  # a bare number has no field n
    assert evaluate("$", number) == number
    assert evaluate("$string(n)", {"n": number}) == str(number)


def test_ids_within_2_53_remain_numbers() -> None:
    order = testing.sample_order(order_id=77)
    assert evaluate("id + 1", order) == 78
    assert evaluate("$type(id)", order) == "number"
    assert evaluate("line_items^(>id).id", order) == [79, 78]


@pytest.mark.parametrize("text", ["id + 1", "$number(id)", "line_items^(id).sku"])
def test_arithmetic_on_big_ids_fails_with_a_hint(text: str) -> None:
    with pytest.raises(errors.MappingError, match=r"ids beyond 2\*\*53 are opaque"):
        evaluate(text, testing.sample_order(order_id=BIG_ID))


def test_big_id_protection_leaves_the_input_alone() -> None:
    order = testing.sample_order(order_id=BIG_ID)
    before = copy.deepcopy(order)
    evaluate('$ ~> |line_items|{"id": 0}|', order)
    assert order == before


def test_payload_strings_cannot_pose_as_ids() -> None:
    forged = '{"\ue00012345678901234567890":"42"}'
    data = {"id": BIG_ID, "note": forged, "tag": {"\ue00012345678901234567890": "42"}}
    assert evaluate("note", data) == forged
    assert evaluate("tag", data) == {"\ue00012345678901234567890": "42"}
    assert evaluate('note & "/" & id', data) == f"{forged}/{BIG_ID}"


def test_messages_show_big_ids_exactly() -> None:
    with pytest.raises(errors.MappingError, match="order 5678901234567890123 has no customer"):
        evaluate('$error("order " & id & " has no customer")', {"id": BIG_ID})


# -- a realistic order mapping -----------------------------------------------------------

ORDER_MAPPING = """
(
  $lines := line_items.{
    "sku": sku,
    "name": title,
    "quantity": quantity,
    "unit_price": $number(price),
    "line_total": $number(price) * quantity
  };
  {
    "order_id": id,
    "order_gid": "gid://shopify/Order/" & id,
    "order_name": name,
    "placed_at": created_at,
    "customer": {
      "id": customer.id,
      "email": customer.email,
      "first_name": customer.first_name,
      "last_name": customer.last_name
    },
    "ship_to": shipping_address.{"city": city, "country": country_code},
    "lines": [$lines],
    "units": $sum($lines.quantity),
    "total": $round($sum($lines.line_total), 2),
    "matches_shopify": $round($sum($lines.line_total), 2) = $number(total_price)
  }
)
"""


def test_realistic_order_mapping() -> None:
    order = testing.sample_order(
        lines=[("SKU-TEE-M", 2, "19.00"), ("SKU-MUG", 1, "12.50"), ("SKU-CAP", 3, "7.25")]
    )
    expr = compile_expression(ORDER_MAPPING, name="flows.orders_to_erp.map")
    assert expr.evaluate(order) == {
        "order_id": 5678901234567890123,
        "order_gid": "gid://shopify/Order/5678901234567890123",
        "order_name": "#1001",
        "placed_at": "2026-11-28T09:15:00-05:00",
        "customer": {"id": 7012345678901234567, "email": "ada@example.com", "first_name": "Ada"},
        "ship_to": {"city": "Toronto", "country": "CA"},
        "lines": [
            {
                "sku": "SKU-TEE-M",
                "name": "Tee-M",
                "quantity": 2,
                "unit_price": 19,
                "line_total": 38,
            },
            {
                "sku": "SKU-MUG",
                "name": "Mug",
                "quantity": 1,
                "unit_price": 12.5,
                "line_total": 12.5,
            },
            {
                "sku": "SKU-CAP",
                "name": "Cap",
                "quantity": 3,
                "unit_price": 7.25,
                "line_total": 21.75,
            },
        ],
        "units": 6,
        "total": 72.25,
        "matches_shopify": True,
    }
    # The body the worker sends keeps the ids as JSON numbers.
    body = json.dumps(expr.evaluate(order))
    assert '"order_id": 5678901234567890123' in body


def test_single_line_item_is_still_a_list_in_the_mapping() -> None:
    order = testing.sample_order(lines=[("SKU-MUG", 1, "12.50")])
    assert compile_expression(ORDER_MAPPING).evaluate(order)["lines"] == [  # type: ignore[index]
        {"sku": "SKU-MUG", "name": "Mug", "quantity": 1, "unit_price": 12.5, "line_total": 12.5}
    ]


# -- the cache ---------------------------------------------------------------------------


def test_compiling_the_same_text_twice_hits_the_cache_and_keeps_each_name() -> None:
    first = compile_expression("$number(total_price) > 0", name="flows.a.filter")
    second = compile_expression("$number(total_price) > 0", name="flows.b.filter")
    info = mapping.cache_info()
    assert (info.misses, info.size) == (1, 1)
    assert info.hits >= 1
    assert (first.name, second.name) == ("flows.a.filter", "flows.b.filter")
    assert first != second
    assert first == compile_expression("$number(total_price) > 0", name="flows.a.filter")
    with pytest.raises(errors.MappingError, match=r"^flows\.b\.filter: "):
        second.evaluate({"total_price": "n/a"})


def test_evaluating_reuses_the_compiled_program() -> None:
    expr = compile_expression("id")
    for _ in range(5):
        expr.evaluate({"id": 1})
    info = mapping.cache_info()
    assert (info.misses, info.hits) == (1, 5)


def test_syntax_errors_are_not_cached() -> None:
    for _ in range(2):
        with pytest.raises(errors.MappingError):
            compile_expression("(")
    assert mapping.cache_info().size == 0


def test_cache_is_bounded_and_evicted_expressions_still_work() -> None:
    first = compile_expression('"expr-0"')
    for n in range(1, mapping.CACHE_SIZE + 10):
        compile_expression(f'"expr-{n}"')
    assert mapping.cache_info().size == mapping.CACHE_SIZE
    assert first.evaluate(None) == "expr-0"  # compiled again on demand


def test_expressions_work_on_other_threads() -> None:
    # jsonatapy programs belong to the thread that compiled them; each thread gets its own.
    expr = compile_expression('{"id": id, "lines": $count(line_items)}')
    order = testing.sample_order()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: expr.evaluate(order), range(200)))
    assert results == [{"id": 5678901234567890123, "lines": 2}] * 200


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("id", {"id": 5678901234567890123}),
        ("id", {"id": "abc"}),
        ("id", {"other": 1}),
        ("id", {"id": None}),
        ("order.id", {"order": {"id": 7}}),
        ("order.id", {"order": [{"id": 7}]}),
        ("order.id", {"order": "text"}),
        ("id", {"id": True}),
        ("id", {"id": 1.5}),
        ("line_items", {"line_items": []}),
        ("a.b.c", {"a": {"b": {"c": "deep"}}}),
    ],
)
def test_ordering_key_fast_path_agrees_with_the_engine(path: str, data: dict[str, Any]) -> None:
    expression = compile_expression(path)
    fast = mapping._simple_path_value(path, data)
    if fast is not mapping._NOT_SIMPLE:
        assert fast == expression.evaluate(data)
    try:
        expected: str | Exception | None = evaluate_ordering_key(
            expression.__class__(path + " ", expression.name), data
        )
    except errors.MappingError as exc:
        expected = exc
    try:
        actual: str | Exception | None = evaluate_ordering_key(expression, data)
    except errors.MappingError as exc:
        actual = exc
    assert type(actual) is type(expected)
    if not isinstance(actual, Exception):
        assert actual == expected
