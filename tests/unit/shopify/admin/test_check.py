"""The version check catches a document that breaks on another API version."""

from __future__ import annotations

from shopbridge.shopify.admin.check import check_documents, deprecations
from shopbridge.shopify.admin.document import Document

# Uses ``ignoreCompareQuantity``, removed in 2026-04 (the compare-and-set field of old).
OLD_COMPARE_AND_SET = Document(
    """
mutation OldCompareAndSet {
  inventorySetQuantities(
    input: {name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: []}
  ) @idempotent(key: "k") {
    userErrors { field message }
  }
}
"""
)
# ``DraftOrderDiscountNotAppliedWarning.priceRule``: deprecated in 2026-07, gone in 2026-10.
PRICE_RULE_WARNING = Document(
    """
query DraftWarnings($id: ID!) {
  draftOrder(id: $id) {
    warnings { ... on DraftOrderDiscountNotAppliedWarning { priceRule { id } } }
  }
}
"""
)


def test_a_field_removed_in_a_version_is_reported_with_its_line() -> None:
    found = check_documents("2026-07", [OLD_COMPARE_AND_SET, PRICE_RULE_WARNING])
    assert [(f.document, f.line) for f in found] == [("OldCompareAndSet", 4)]
    assert "ignoreCompareQuantity" in found[0].message


def test_what_is_deprecated_now_is_what_breaks_next() -> None:
    warned = deprecations("2026-07", [PRICE_RULE_WARNING])
    assert [(f.document, f.line) for f in warned] == [("DraftWarnings", 4)]
    assert "removed in 2026-10" in warned[0].message
    broken = check_documents("2026-10", [PRICE_RULE_WARNING])
    assert [(f.document, f.line) for f in broken] == [("DraftWarnings", 4)]
    assert "priceRule" in broken[0].message
