"""The ``alerts:`` section of ``shopbridge.yaml``: which rules run, their limits and severities.

Every rule has ``enabled`` and ``severity``; rules that wait have a limit in seconds
(``after_secs``), rules about one-off events have ``auto_resolve_secs`` (a quiet period
after which the alert is resolved). Defaults suit a live shop; the demo shortens them.

This module depends on pydantic only, so :mod:`shopbridge.config.schema` can import it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AlertSettings",
    "DeadLetterRule",
    "DestinationRule",
    "EngineRules",
    "FulfillmentFailedRule",
    "FulfillmentRules",
    "InventoryMismatchRule",
    "InventoryRules",
    "OrderRules",
    "PaymentFailedRule",
    "PaymentRules",
    "Rule",
    "Severity",
    "StuckOrdersRule",
    "UnfulfilledOrdersRule",
    "UnpaidOrdersRule",
]

Severity = Literal["critical", "error", "warning", "info"]
HOUR_SECS = 3600.0


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Model):
    """A rule that may be switched off and says how grave its alerts are."""

    enabled: bool = Field(True, description="Whether this rule raises alerts.")
    severity: Severity = Field("warning", description="critical, error, warning or info.")
    auto_resolve_secs: float | None = Field(
        None,
        gt=0,
        description="Resolve the alert after this many seconds without a new occurrence "
        "(for one-off events that nothing else resolves). null: only its condition resolves it.",
    )


class PaymentFailedRule(Rule):
    severity: Severity = "error"
    auto_resolve_secs: float | None = Field(HOUR_SECS, gt=0)
    statuses: list[str] = Field(
        default_factory=lambda: ["failure", "error"],
        min_length=1,
        description="Transaction statuses (order_transactions/create) that count as failed.",
    )


class UnpaidOrdersRule(Rule):
    after_secs: float = Field(
        24 * HOUR_SECS, gt=0, description="An order still unpaid this long after it was created."
    )
    financial_statuses: list[str] = Field(
        default_factory=lambda: ["pending"],
        min_length=1,
        description="Financial statuses of orders/create that start the wait.",
    )


class PaymentRules(_Model):
    """Payment issues (topic ``alerts/payment_issue``)."""

    failed_transactions: PaymentFailedRule = Field(default_factory=PaymentFailedRule)
    voided_transactions: Rule = Field(
        default_factory=lambda: Rule(severity="warning", auto_resolve_secs=HOUR_SECS)
    )
    unpaid_orders: UnpaidOrdersRule = Field(default_factory=UnpaidOrdersRule)


class DeadLetterRule(Rule):
    severity: Severity = "error"
    auto_resolve_secs: float | None = Field(
        24 * HOUR_SECS,
        gt=0,
        description="Resolve after this long without a new dead letter (it also resolves "
        "once the destination has no dead letters left). null: only the latter.",
    )


class StuckOrdersRule(Rule):
    after_secs: float = Field(
        1800.0, gt=0, description="An order event still undelivered this long after it came."
    )


class OrderRules(_Model):
    """Order failures (topic ``alerts/order_failure``)."""

    shopify_rejected: DeadLetterRule = Field(
        default_factory=DeadLetterRule,
        description="Shopify refused a write (the writer dead-lettered it).",
    )
    not_delivered: DeadLetterRule = Field(
        default_factory=DeadLetterRule,
        description="An order event was dead-lettered on its way to a destination.",
    )
    stuck: StuckOrdersRule = Field(default_factory=StuckOrdersRule)


class FulfillmentFailedRule(Rule):
    severity: Severity = "error"
    auto_resolve_secs: float | None = Field(24 * HOUR_SECS, gt=0)
    statuses: list[str] = Field(
        default_factory=lambda: ["failure"],
        min_length=1,
        description="fulfillment_events/create statuses that are exceptions (also: "
        "attempted_delivery, delayed).",
    )
    recovered_statuses: list[str] = Field(
        default_factory=lambda: ["in_transit", "out_for_delivery", "delivered", "picked_up"],
        description="Later statuses of the same fulfillment that resolve its exception.",
    )


class UnfulfilledOrdersRule(Rule):
    after_secs: float = Field(
        48 * HOUR_SECS, gt=0, description="An order still unfulfilled this long after creation."
    )


class FulfillmentRules(_Model):
    """Fulfillment exceptions (topic ``alerts/fulfillment_exception``)."""

    failed: FulfillmentFailedRule = Field(default_factory=FulfillmentFailedRule)
    on_hold: Rule = Field(default_factory=Rule)
    unfulfilled_orders: UnfulfilledOrdersRule = Field(default_factory=UnfulfilledOrdersRule)


class InventoryMismatchRule(Rule):
    check_interval_secs: float = Field(
        900.0, gt=0, description="Seconds between reconciliations of every shop."
    )
    tolerance: int = Field(
        0, ge=0, description="Units Shopify may differ from the last quantity sent."
    )
    grace_secs: float = Field(
        1800.0,
        ge=0,
        description="A difference must last this long (sales move stock between updates).",
    )
    max_levels: int = Field(
        5000, ge=1, description="Levels compared per shop and check, newest sent first."
    )


class InventoryRules(_Model):
    """Inventory mismatches (topic ``alerts/inventory_mismatch``)."""

    mismatch: InventoryMismatchRule = Field(default_factory=InventoryMismatchRule)


class DestinationRule(Rule):
    severity: Severity = "critical"
    after_secs: float = Field(
        600.0,
        gt=0,
        description="A destination whose oldest pending job is older than this, or whose "
        "attempts have all failed for this long, is failing.",
    )


class EngineRules(_Model):
    """The engine's own failures (topic ``alerts/engine_failure``)."""

    dead_letters: DeadLetterRule = Field(default_factory=DeadLetterRule)
    subscription_dropped: Rule = Field(
        default_factory=lambda: Rule(severity="warning", auto_resolve_secs=HOUR_SECS)
    )
    destination_failing: DestinationRule = Field(default_factory=DestinationRule)


class AlertSettings(_Model):
    """Alerts shopbridge raises; flows route ``alerts/*`` events to alert destinations."""

    enabled: bool | None = Field(
        None,
        description="Run the alert rules. Default: on when a flow takes an alerts/* event.",
    )
    group_window_secs: float = Field(
        300.0,
        ge=0,
        description="An alert notifies at once; repeats within this window are counted and "
        "sent once, as an update, when it ends.",
    )
    check_interval_secs: float = Field(
        60.0, gt=0, description="Seconds between checks of dead letters, stuck jobs, destinations."
    )
    payments: PaymentRules = Field(default_factory=PaymentRules)
    orders: OrderRules = Field(default_factory=OrderRules)
    fulfillments: FulfillmentRules = Field(default_factory=FulfillmentRules)
    inventory: InventoryRules = Field(default_factory=InventoryRules)
    engine: EngineRules = Field(default_factory=EngineRules)
