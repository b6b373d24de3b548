"""The sandbox's webhooks, sent as Shopify sends them.

* ``events``: a committed transaction -> REST-shaped events (via ``webhook_topics``);
* ``filters``: a subscription's ``filter`` and ``includeFields``;
* ``delivery``: one signed POST and its headers; ``serialize``: the body bytes;
* ``schedule``: Shopify's retry spacing; ``faults``: duplicates, reordering, delays;
* ``emitter``: ``WebhookEmitter``, the background task tying them together.

Nothing is imported here, so the subscriptions domain can use ``filters`` without
pulling the emitter (and the REST renderers, which import the domains) into its import.
"""
