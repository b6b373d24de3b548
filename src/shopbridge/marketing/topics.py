"""The engine events of marketing, declared at import so that flows may name them.

Flows take them with ``from: {events: [marketing/checkout_abandoned, …]}``. Every Web
Pixels standard event the collector accepts becomes ``marketing/<its name>``.
"""

from __future__ import annotations

from typing import Final

from shopbridge.engine.events import register_topics

__all__ = [
    "BROWSE_ABANDONED",
    "CHECKOUT_ABANDONED",
    "FIRST_PURCHASE",
    "PIXEL_CHECKOUT_COMPLETED",
    "PRODUCT_VIEWED",
    "REPEAT_PURCHASE",
    "STANDARD_EVENTS",
    "pixel_topic",
]

CHECKOUT_ABANDONED: Final = "marketing/checkout_abandoned"
FIRST_PURCHASE: Final = "marketing/first_purchase"
REPEAT_PURCHASE: Final = "marketing/repeat_purchase"
BROWSE_ABANDONED: Final = "marketing/browse_abandoned"

# The Web Pixels API's standard events (shopify.dev/docs/api/web-pixels-api/standard-events).
STANDARD_EVENTS: Final = {
    "alert_displayed": "a shopper saw an alert or inline validation message",
    "cart_viewed": "a shopper opened the cart page",
    "checkout_address_info_submitted": "a shopper submitted a mailing address at checkout",
    "checkout_completed": "a shopper completed a purchase (thank-you page)",
    "checkout_contact_info_submitted": "a shopper submitted contact details at checkout",
    "checkout_shipping_info_submitted": "a shopper chose a shipping rate",
    "checkout_started": "a shopper started a checkout",
    "collection_viewed": "a shopper viewed a collection page",
    "page_viewed": "a shopper viewed a page",
    "payment_info_submitted": "a shopper submitted payment details",
    "product_added_to_cart": "a shopper added a product to the cart",
    "product_removed_from_cart": "a shopper removed a product from the cart",
    "product_viewed": "a shopper viewed a product page",
    "search_submitted": "a shopper searched the store",
    "ui_extension_errored": "a checkout UI extension failed in the shopper's browser",
}


def pixel_topic(name: str) -> str:
    """``product_viewed`` → ``marketing/product_viewed``."""
    return f"marketing/{name}"


PRODUCT_VIEWED: Final = pixel_topic("product_viewed")
PIXEL_CHECKOUT_COMPLETED: Final = pixel_topic("checkout_completed")

register_topics(
    {
        CHECKOUT_ABANDONED: "marketing: a checkout with contact details left unfinished for "
        "marketing.abandoned_checkout.delay_secs (recovery URL, lines, customer)",
        FIRST_PURCHASE: "marketing: a customer's first order (order summary, customer, count)",
        REPEAT_PURCHASE: "marketing: a customer's second or later order (order summary, "
        "customer, count)",
        BROWSE_ABANDONED: "marketing: a product viewed and not bought within "
        "marketing.browse_abandonment.window_secs (opt-in)",
        **{
            pixel_topic(name): f"marketing: Web Pixels {name}: {meaning}"
            for name, meaning in STANDARD_EVENTS.items()
        },
    }
)
