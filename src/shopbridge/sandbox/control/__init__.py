"""The sandbox's control API: act as merchant and shopper, inject faults, see state.

Served under ``/sandbox`` beside Shopify's own endpoints, documented by OpenAPI at
``/sandbox/docs``; ``shopbridge sandbox <action>`` calls it over HTTP.
"""

from shopbridge.sandbox.control.api import build_control_api

__all__ = ["build_control_api"]
