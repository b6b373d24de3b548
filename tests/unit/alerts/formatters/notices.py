"""Notices for the formatter tests, as the manager writes them (see ``manager.notice_body``)."""

from __future__ import annotations

from typing import Any

from shopbridge.alerts.model import Notice, read_notice


def notice_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "source": "shopbridge",
        "id": "payment_failed:acme#1",
        "dedup_key": "payment_failed:acme",
        "kind": "payment_issue",
        "rule": "failed_transactions",
        "notification": "triggered",
        "status": "firing",
        "severity": "error",
        "title": "Payments are failing",
        "summary": "A sale of 12.00 USD on order 42 failed at bogus: card_declined.",
        "shop": "acme",
        "shop_domain": "acme.myshopify.com",
        "count": 1,
        "new_since_last": 1,
        "open": 1,
        "members": ["Order 42: 12.00 USD via bogus (card_declined)"],
        "first_seen": "2027-01-15T08:00:00Z",
        "last_seen": "2027-01-15T08:00:00Z",
        "resolved_at": None,
        "details": {"order_id": "42", "gateway": "bogus"},
        "links": [{"title": "Open the order", "url": "https://acme.myshopify.com/admin/orders/42"}],
    }
    body.update(changes)
    return body


def notice(**changes: Any) -> Notice:
    found = read_notice(notice_body(**changes))
    assert found is not None
    return found
