"""``shops.<id>.reconcile``: how often shopbridge looks for order changes it never heard of.

This module depends on pydantic only, so :mod:`shopbridge.config.schema` can import it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ReconcileSettings"]


class ReconcileSettings(BaseModel):
    """Order reconciliation: a scheduled Admin API query for orders updated since the last
    checkpoint; an order whose newest ``updated_at`` never arrived as a webhook is sent to
    the flows as a ``reconciled`` event. It runs for a shop with Admin API credentials and a
    flow taking ``orders/create`` or ``orders/updated``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    orders_every_mins: float = Field(
        10.0,
        ge=0,
        le=1440,
        description="Minutes between two reconciliations of the shop's orders; 0 turns it off.",
        examples=[10],
    )
    settle_secs: float = Field(
        120.0,
        ge=0,
        le=86_400,
        description="An order updated less than this long ago is left for the next run: its "
        "webhook is probably on its way.",
    )
