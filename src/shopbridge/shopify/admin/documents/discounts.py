"""Basic discounts: find one by code, title or tag, read its lists, write it, and its targets.

The discount writer upserts: it finds the discount (``codeDiscountNodeByCode``, or a
``discountNodes`` search for an automatic one), reads its current item and buyer
lists only when it must replace them (the inputs add and remove ids rather than
set them), then creates or updates it. Targets named by people (product handles,
market names, customer emails) are looked up here too; SKUs use ``VARIANTS_BY_SKU``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..document import Document

__all__ = [
    "AUTOMATIC_DISCOUNTS",
    "CODE_DISCOUNT_BY_CODE",
    "CUSTOMERS_BY_EMAIL",
    "DISCOUNT_AUTOMATIC_ACTIVATE",
    "DISCOUNT_AUTOMATIC_BASIC_CREATE",
    "DISCOUNT_AUTOMATIC_BASIC_UPDATE",
    "DISCOUNT_AUTOMATIC_DEACTIVATE",
    "DISCOUNT_AUTOMATIC_DELETE",
    "DISCOUNT_CODE_ACTIVATE",
    "DISCOUNT_CODE_BASIC_CREATE",
    "DISCOUNT_CODE_BASIC_UPDATE",
    "DISCOUNT_CODE_DEACTIVATE",
    "DISCOUNT_CODE_DELETE",
    "DISCOUNT_TARGETS",
    "MARKETS",
    "PRODUCTS_BY_HANDLE",
    "search_any",
]

# Codes are unique per shop, ignoring case. Cost: 1 + 1.
CODE_DISCOUNT_BY_CODE = Document(
    """
query CodeDiscountByCode($code: String!) {
  codeDiscountNodeByCode(code: $code) {
    id
    codeDiscount { __typename ... on DiscountCodeBasic { title status } }
  }
}
"""
)

# Title search matches words, so the writer keeps exact titles (or the key tag) only.
AUTOMATIC_DISCOUNTS = Document(
    """
query AutomaticDiscounts($query: String!, $first: Int!, $after: String) {
  discountNodes(first: $first, after: $after, query: $query) {
    nodes {
      id
      discount { __typename ... on DiscountAutomaticBasic { title tags status } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

# A discount's current targets and customers (what an update must remove). Each list is
# read up to 100 (the endpoint's limit per list); ``hasNextPage`` says there are more.
# Markets are not read: ``DiscountMarkets`` is new in 2026-07 and every document must
# validate against every vendored version, so an update removes every other market of
# the shop instead (the writer knows them all).
_LISTS = """
customerGets {
  items {
    __typename
    ... on DiscountProducts {
      products(first: 100) { nodes { id } pageInfo { hasNextPage } }
      productVariants(first: 100) { nodes { id } pageInfo { hasNextPage } }
    }
  }
}
context { __typename ... on DiscountCustomers { customers { id } } }
"""
DISCOUNT_TARGETS = Document(
    f"""
query DiscountTargets($id: ID!) {{
  discountNode(id: $id) {{
    id
    discount {{
      __typename
      ... on DiscountCodeBasic {{ {_LISTS} }}
      ... on DiscountAutomaticBasic {{ {_LISTS} }}
    }}
  }}
}}
"""
)

_CODE_NODE = "codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { status } } }"
_AUTOMATIC_NODE = (
    "automaticDiscountNode { id automaticDiscount { ... on DiscountAutomaticBasic { status } } }"
)
_ERRORS = "userErrors { field message code }"

DISCOUNT_CODE_BASIC_CREATE = Document(
    f"""
mutation DiscountCodeBasicCreate($discount: DiscountCodeBasicInput!) {{
  discountCodeBasicCreate(basicCodeDiscount: $discount) {{ {_CODE_NODE} {_ERRORS} }}
}}
"""
)

DISCOUNT_CODE_BASIC_UPDATE = Document(
    f"""
mutation DiscountCodeBasicUpdate($id: ID!, $discount: DiscountCodeBasicInput!) {{
  discountCodeBasicUpdate(id: $id, basicCodeDiscount: $discount) {{ {_CODE_NODE} {_ERRORS} }}
}}
"""
)

DISCOUNT_AUTOMATIC_BASIC_CREATE = Document(
    f"""
mutation DiscountAutomaticBasicCreate($discount: DiscountAutomaticBasicInput!) {{
  discountAutomaticBasicCreate(automaticBasicDiscount: $discount) {{
    {_AUTOMATIC_NODE} {_ERRORS}
  }}
}}
"""
)

DISCOUNT_AUTOMATIC_BASIC_UPDATE = Document(
    f"""
mutation DiscountAutomaticBasicUpdate($id: ID!, $discount: DiscountAutomaticBasicInput!) {{
  discountAutomaticBasicUpdate(id: $id, automaticBasicDiscount: $discount) {{
    {_AUTOMATIC_NODE} {_ERRORS}
  }}
}}
"""
)

# Deactivating ends a discount now; activating reopens an ended one (clears endsAt).
DISCOUNT_CODE_ACTIVATE = Document(
    f"""
mutation DiscountCodeActivate($id: ID!) {{
  discountCodeActivate(id: $id) {{ {_CODE_NODE} {_ERRORS} }}
}}
"""
)

DISCOUNT_CODE_DEACTIVATE = Document(
    f"""
mutation DiscountCodeDeactivate($id: ID!) {{
  discountCodeDeactivate(id: $id) {{ {_CODE_NODE} {_ERRORS} }}
}}
"""
)

DISCOUNT_AUTOMATIC_ACTIVATE = Document(
    f"""
mutation DiscountAutomaticActivate($id: ID!) {{
  discountAutomaticActivate(id: $id) {{ {_AUTOMATIC_NODE} {_ERRORS} }}
}}
"""
)

DISCOUNT_AUTOMATIC_DEACTIVATE = Document(
    f"""
mutation DiscountAutomaticDeactivate($id: ID!) {{
  discountAutomaticDeactivate(id: $id) {{ {_AUTOMATIC_NODE} {_ERRORS} }}
}}
"""
)

DISCOUNT_CODE_DELETE = Document(
    f"""
mutation DiscountCodeDelete($id: ID!) {{
  discountCodeDelete(id: $id) {{ deletedCodeDiscountId {_ERRORS} }}
}}
"""
)

DISCOUNT_AUTOMATIC_DELETE = Document(
    f"""
mutation DiscountAutomaticDelete($id: ID!) {{
  discountAutomaticDelete(id: $id) {{ deletedAutomaticDiscountId {_ERRORS} }}
}}
"""
)

# Targets named by people. ``handle:`` and ``email:`` searches: the writer keeps exact
# matches only. Markets are few: the whole list is read and cached.
PRODUCTS_BY_HANDLE = Document(
    """
query ProductsByHandle($query: String!, $first: Int!, $after: String) {
  products(first: $first, after: $after, query: $query) {
    nodes { id handle }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

CUSTOMERS_BY_EMAIL = Document(
    """
query CustomersByEmail($query: String!, $first: Int!, $after: String) {
  customers(first: $first, after: $after, query: $query) {
    nodes { id defaultEmailAddress { emailAddress } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

MARKETS = Document(
    """
query Markets($first: Int!, $after: String) {
  markets(first: $first, after: $after) {
    nodes { id name handle }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)


def search_any(field: str, values: Iterable[str]) -> str:
    """``field:"a" OR field:"b"``: one search for several values, each quoted."""
    terms = [f"{field}:{_quoted(value)}" for value in dict.fromkeys(values)]
    if not terms:
        raise ValueError(f"search_any needs at least one {field}")
    return " OR ".join(terms)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
