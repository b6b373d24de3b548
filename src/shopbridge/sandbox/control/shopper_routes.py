"""Control API routes that act as a shopper: checkouts, payments (``shopper`` does the work)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from shopbridge.sandbox import shopper
from shopbridge.sandbox.control.models import (
    CartCheckout,
    CheckoutCompletion,
    CheckoutStart,
    CheckoutUpdate,
)
from shopbridge.sandbox.gid import gid
from shopbridge.sandbox.state import State

__all__ = ["shopper_router"]


def shopper_router(state: State) -> APIRouter:
    router = APIRouter(tags=["shopper"])

    @router.post("/checkouts", summary="Start a checkout (fires checkouts/create)")
    def start(body: CheckoutStart) -> dict[str, Any]:
        return shopper.start_checkout(
            state,
            lines=[(line.sku, line.quantity) for line in body.lines],
            email=body.email,
            first_name=body.first_name,
            last_name=body.last_name,
            phone=body.phone,
            shipping_address=body.shipping_address,
            accepts_marketing=body.accepts_marketing,
        )

    @router.post(
        "/carts/checkout", summary="Take a Storefront API cart to checkout (its checkoutUrl)"
    )
    def cart_checkout(body: CartCheckout) -> dict[str, Any]:
        return shopper.checkout_cart(state, body.cart_id)

    @router.patch("/checkouts/{token}", summary="Change a checkout (fires checkouts/update)")
    def update(token: str, body: CheckoutUpdate) -> dict[str, Any]:
        lines = [(line.sku, line.quantity) for line in body.lines] if body.lines else None
        return shopper.update_checkout(
            state, token, lines=lines, email=body.email, shipping_address=body.shipping_address
        )

    @router.post("/checkouts/{token}/abandon", summary="Leave the checkout unfinished")
    def abandon(token: str) -> dict[str, Any]:
        return shopper.abandon_checkout(state, token)

    @router.post("/checkouts/{token}/complete", summary="Pay: the order is created")
    def complete(token: str, body: CheckoutCompletion) -> dict[str, Any]:
        return shopper.complete_checkout(state, token, payment=body.payment, gateway=body.gateway)

    @router.post("/orders/{order_id}/pay", summary="Capture or mark the order paid")
    def pay(order_id: int) -> dict[str, Any]:
        return shopper.pay_order(state, gid("Order", order_id))

    @router.post("/orders/{order_id}/fail-payment", summary="Record a failed payment")
    def fail_payment(order_id: int) -> dict[str, Any]:
        return shopper.fail_payment(state, gid("Order", order_id))

    return router
