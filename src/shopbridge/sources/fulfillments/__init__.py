"""Inbound shipments from a WMS or 3PL: fulfillments and tracking back into Shopify.

``document`` holds the request models and the stored shape, ``validate`` judges a
request item by item, ``ingress`` stores it as one event and one job for the shop's
writer (flow ``fulfillments``), ``settings`` is the ``fulfillments:`` config.

This package's ``__init__`` imports nothing, so the config schema can import
:mod:`.settings` without pulling the engine in.
"""
