"""Orders out: Shopify orders and refunds to ERP, WMS, payment and fraud systems.

* :mod:`.order_document` and :mod:`.refund_document`: the ``order`` and ``refund`` flow
  presets, a clean document built from the REST webhook payload (registered in
  :mod:`.presets`), which a flow's ``filter`` and ``map`` then read and may extend;
* :mod:`.versions` and :mod:`.guard`: what version of which entity an event carries, and
  the delivery guard that drops an update older than one already delivered (stale), a
  second copy of one Shopify event, and whatever reconciliation already delivered;
* :mod:`.from_graphql`, :mod:`.reconcile` and :mod:`.processor`: reconciliation, a
  scheduled query for orders updated since the last checkpoint that emits, for each
  order whose newest state never arrived as a webhook, a Shopify-shaped event marked
  ``reconciled``; the processor also records the newest ``updated_at`` received per order.

This package's ``__init__`` imports nothing, so the config schema can import
:mod:`.settings` without pulling the engine in; :mod:`shopbridge.features` imports
:mod:`.processor`, which registers the presets, the guard and the processor.
"""
