"""Customers both ways: ownership of fields, and no echo loops.

* :mod:`.settings`: the ``systems:`` and ``customers:`` config;
* :mod:`.ownership`: which fields a system may write (pure);
* :mod:`.view`: the customer as the echo guard compares it, from a webhook payload or
  from the Admin API's answer, and its fingerprint (pure);
* :mod:`.echo`: the echo memory (what each system wrote, in the store's versions
  table) and :mod:`.guard`, the delivery guard that skips the echo;
* :mod:`.feature`: registers the guard (imported by :mod:`shopbridge.features`).

The inbound side is :mod:`shopbridge.sources.customers` (``POST /v1/customers``) and
the writer's ``customer_*`` modules. This package's ``__init__`` imports nothing, so
the config schema can import :mod:`.settings` without pulling the engine in.
"""
