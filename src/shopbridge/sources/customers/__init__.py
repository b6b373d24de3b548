"""Inbound customers from a CRM or CDP: upserts by email, phone, external id or Shopify id.

``document`` holds the request models and the stored shape, ``validate`` judges a
request item by item and applies field ownership, ``ingress`` stores it as one event
and one job for the shop's writer (flow ``customers``).
"""
