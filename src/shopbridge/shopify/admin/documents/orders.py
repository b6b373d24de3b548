"""Orders: what order reconciliation reads (which orders changed, then each one in full)."""

from __future__ import annotations

from datetime import UTC, datetime

from ..document import Document

__all__ = ["ORDERS_UPDATED_SINCE", "ORDER_FOR_RECONCILIATION", "updated_between"]

# Ids and versions only, oldest change first. Documented cost at ``first: 250``: 2 + 250.
ORDERS_UPDATED_SINCE = Document(
    """
query OrdersUpdatedSince($query: String!, $first: Int!, $after: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { id updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

# One order with what the order preset reads, in the fields the REST payload is made
# from (``orders.from_graphql``). Lines come ``$lines`` at a time (50: 758 points
# requested, 108 + 13 per line); an order with more is read again with ``$linesAfter``
# for the rest. The first 5 transactions of each refund give the refunded total.
ORDER_FOR_RECONCILIATION = Document(
    """
query OrderForReconciliation($id: ID!, $lines: Int!, $linesAfter: String) {
  order(id: $id) {
    id
    legacyResourceId
    name
    number
    email
    phone
    createdAt
    updatedAt
    processedAt
    cancelledAt
    cancelReason
    closedAt
    confirmed
    test
    sourceName
    currencyCode
    presentmentCurrencyCode
    taxesIncluded
    customerLocale
    customerAcceptsMarketing
    tags
    note
    discountCodes
    paymentGatewayNames
    displayFinancialStatus
    displayFulfillmentStatus
    customAttributes { key value }
    customer {
      id
      legacyResourceId
      firstName
      lastName
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber { phoneNumber }
    }
    billingAddress { ...Address }
    shippingAddress { ...Address }
    subtotalPriceSet { shopMoney { amount } }
    totalDiscountsSet { shopMoney { amount } }
    totalShippingPriceSet { shopMoney { amount } }
    totalTaxSet { shopMoney { amount } }
    totalPriceSet { shopMoney { amount } }
    currentTotalPriceSet { shopMoney { amount } }
    totalOutstandingSet { shopMoney { amount } }
    taxLines { title rate priceSet { shopMoney { amount } } }
    shippingLines(first: 5) {
      nodes {
        id
        title
        code
        source
        originalPriceSet { shopMoney { amount } }
        discountedPriceSet { shopMoney { amount } }
        taxLines { title rate priceSet { shopMoney { amount } } }
      }
    }
    discountApplications(first: 10) {
      nodes {
        __typename
        allocationMethod
        targetSelection
        targetType
        value {
          ... on MoneyV2 { amount }
          ... on PricingPercentageValue { percentage }
        }
        ... on DiscountCodeApplication { code }
        ... on ManualDiscountApplication { title description }
        ... on AutomaticDiscountApplication { title }
        ... on ScriptDiscountApplication { title }
      }
    }
    refunds {
      transactions(first: 5) {
        nodes { kind status amountSet { shopMoney { amount } } }
      }
    }
    lineItems(first: $lines, after: $linesAfter) {
      nodes {
        id
        name
        title
        sku
        variantTitle
        vendor
        quantity
        currentQuantity
        unfulfilledQuantity
        requiresShipping
        taxable
        isGiftCard
        originalUnitPriceSet { shopMoney { amount } }
        taxLines { title rate priceSet { shopMoney { amount } } }
        discountAllocations {
          allocatedAmountSet { shopMoney { amount } }
          discountApplication { index }
        }
        customAttributes { key value }
        variant { id }
        product { id }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}

fragment Address on MailingAddress {
  name
  firstName
  lastName
  company
  address1
  address2
  city
  province
  provinceCode
  zip
  country
  countryCodeV2
  phone
}
"""
)


def updated_between(since: float, until: float) -> str:
    """The ``orders(query:)`` for orders updated from ``since`` through ``until`` (epoch s).

    Shopify keeps ``updated_at`` to the second; both ends are inclusive, so an order
    changed in the checkpoint's second is looked at again (and found already received).
    """
    return f"updated_at:>='{_iso(since)}' AND updated_at:<='{_iso(until)}'"


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
