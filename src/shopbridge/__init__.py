"""shopbridge: keep Shopify and your HTTP systems in sync without losing an event."""

__version__ = "0.1.0"
