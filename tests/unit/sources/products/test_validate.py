"""Product requests judged item by item: exact field paths, and what normalization gives."""

from __future__ import annotations

from typing import Any

from shopbridge.sources.products import MAX_ITEMS
from shopbridge.sources.products.validate import normalize
from tests.unit.sources.judging import RECEIVED_AT, Judge

judge = Judge(normalize)
OPTIONS = [{"name": "Size", "values": ["S", "M"]}, {"name": "Color", "values": ["Red"]}]


def _variant(sku: str, size: str, **more: Any) -> dict[str, Any]:
    return {"sku": sku, "price": "5.00", "option_values": {"Size": size, "Color": "Red"}, **more}


def test_only_the_fields_sent_are_stored_and_the_version_defaults_to_receipt() -> None:
    assert judge.ok({"handle": "mug", "title": "Mug", "vendor": None}) == {
        "shop": "acme",
        "items": [{"handle": "mug", "title": "Mug", "version": RECEIVED_AT}],
    }


def test_options_and_variants_are_stored_with_a_null_compare_at_price_kept() -> None:
    item = {
        "handle": "tee",
        "tags": ["a"],
        "options": OPTIONS,
        "variants": [_variant("T-S", "S", compare_at_price=None), _variant("T-M", "M")],
        "version": "2026-07-01T00:00:00Z",
    }
    [stored] = judge.ok({"items": [item]})["items"]
    assert stored["options"] == OPTIONS
    assert stored["variants"][0] == _variant("T-S", "S", compare_at_price=None)
    assert "compare_at_price" not in stored["variants"][1]
    assert stored["tags"] == ["a"]
    assert stored["version"] == 1782864000.0


def test_options_and_variants_go_together_and_name_declared_values() -> None:
    assert judge.problems({"items": [{"handle": "a", "options": OPTIONS}]}) == [
        ("items.0.variants", "required: send options and variants together")
    ]
    variants = [_variant("T-S", "XL"), _variant("T-S", "S", option_values={"Size": "S"})]
    assert judge.problems({"handle": "a", "options": OPTIONS, "variants": variants}) == [
        ("variants.0.option_values.Size", "'XL' is not a value of 'Size'"),
        ("variants.1.sku", "'T-S' is already a variant's"),
        ("variants.1.option_values.Color", "required: a value for every option"),
    ]


def test_shape_errors_have_paths_and_limits_hold() -> None:
    assert judge.problems({"items": [{"handle": "Not A Handle", "price": "1"}]}) == [
        ("items.0.handle", "String should match pattern '^[a-z0-9][a-z0-9_-]*$'"),
        ("items.0.price", "unknown field"),
    ]
    too_many = {"items": [{"handle": "a"}] * (MAX_ITEMS + 1)}
    assert judge.problems(too_many) == [("items", "must be a list of 1 to 1,000 products")]
    assert judge.problems([]) == [
        ("body", 'must be a JSON object: one product, or {"items": [...]}')
    ]


ERP = {"namespace": "erp", "key": "product_id", "value": "P-1"}
MATERIAL = {"namespace": "custom", "key": "material", "type": "single_line_text_field"}


def test_one_identity_handle_sku_or_external_id() -> None:
    assert judge.problems({"title": "No identity"}) == [
        ("handle", "required: give handle, sku or external_id")
    ]
    assert judge.problems({"sku": "T-S", "external_id": ERP}) == [
        ("sku", "give sku or external_id, not both")
    ]
    variants = [_variant("T-S", "S"), _variant("T-M", "M")]
    assert judge.problems({"sku": "T-X", "options": OPTIONS, "variants": variants}) == [
        ("sku", "must be the SKU of one of the variants sent (the product is found by it)")
    ]
    assert judge.problems({"external_id": {**ERP, "key": "x"}}) == [
        ("external_id.key", "String should match pattern '^[A-Za-z0-9_-]{2,64}$'")
    ]
    by_sku = judge.ok({"sku": "T-S", "handle": "tee", "options": OPTIONS, "variants": variants})
    assert (by_sku["items"][0]["sku"], by_sku["items"][0]["handle"]) == ("T-S", "tee")
    [by_id] = judge.ok({"external_id": ERP, "title": "Tee"})["items"]
    assert by_id == {"external_id": ERP, "title": "Tee", "version": RECEIVED_AT}


def test_metafields_are_stored_once_each_and_agree_with_the_custom_id() -> None:
    metafields = [{**MATERIAL, "value": "linen"}, {**ERP, "type": "id"}]
    variant = _variant("T-S", "S", metafields=[{**MATERIAL, "value": "cotton"}])
    item = {"external_id": ERP, "metafields": metafields, "options": OPTIONS, "variants": [variant]}
    [stored] = judge.ok(item)["items"]
    assert stored["metafields"] == metafields
    assert stored["variants"][0]["metafields"] == [{**MATERIAL, "value": "cotton"}]
    twice = [{**MATERIAL, "value": "a"}, {**MATERIAL, "value": "b"}]
    wrong = [{**ERP, "type": "single_line_text_field", "value": "P-2"}]
    bad_variant = _variant("T-S", "S", metafields=twice)
    assert judge.problems(
        {
            "external_id": ERP,
            "metafields": twice + wrong,
            "options": OPTIONS,
            "variants": [bad_variant],
        }
    ) == [
        ("metafields.1.key", "'custom.material' is also item 0"),
        ("metafields.2.value", "must equal external_id.value"),
        ("metafields.2.type", "must be 'id' (a custom ID)"),
        ("variants.0.metafields.1.key", "'custom.material' is also item 0"),
    ]
    assert judge.problems({"handle": "a", "metafields": [{**MATERIAL, "value": ""}]}) == [
        ("metafields.0.value", "String should have at least 1 character")
    ]
