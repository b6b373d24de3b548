"""Marketing events: what shoppers did, derived from Shopify and the browser, for flows.

Each is an engine event (``marketing/*``) that flows route to marketing systems:

* ``marketing/checkout_abandoned``: a checkout left untouched for ``delay_secs``
  (:mod:`.abandoned`; a durable timer per checkout, reset by updates, cancelled by
  its order);
* ``marketing/first_purchase`` and ``marketing/repeat_purchase``: each ``orders/create``
  classified by the customer's order count (:mod:`.purchases`, :mod:`.order_count`);
* ``marketing/<standard event>``: Web Pixels events posted to ``POST /v1/collect/{key}``
  (:mod:`.pixels` reads them, :mod:`.collector` admits them, :mod:`.rate_limit`);
* ``marketing/browse_abandoned`` (opt-in): a product viewed and not bought within a
  window (:mod:`.browsing`).

:mod:`.settings` is the ``marketing:`` config, :mod:`.topics` the event names,
:mod:`.processor` the built-in processor and its factory (imported by
:mod:`shopbridge.features`).

This package's ``__init__`` imports nothing, so the config schema can import
:mod:`.settings` without pulling the engine in.
"""
