"""An offline Shopify store that behaves like the real Admin and Storefront APIs.

Foundation: Shopify's real GraphQL schemas (``schema``), Shopify-shaped validation
errors (``validation``), static query cost (``cost``) and the per-(app, shop) leaky
bucket with Shopify's throttling answers (``throttle``).

Core: the store's documents and their change feed (``state``, ``changes``, with the
SQLite file in ``storage``), execution against the real schema (``executor``,
``registry``, ``context``) with helpers for domains (``connections``, ``search``,
``payloads``, ``idempotency``, ``errors``, ``gid``), the request pipelines
(``admin``, ``storefront``), the ASGI app and the in-process server (``app``,
``server``), the deterministic catalog seeder (``seed``). Each area of the API is a
domain module under ``domains/``.
"""
