"""An offline Shopify store that behaves like the real Admin and Storefront APIs.

This package holds the foundation: Shopify's real GraphQL schemas (``schema``),
Shopify-shaped validation errors (``validation``), static query cost (``cost``) and
the per-(app, shop) leaky bucket with Shopify's throttling responses (``throttle``).
"""
