"""PagerDuty Events v2: a trigger per firing notice, a resolve with the same dedup key."""

from __future__ import annotations

from shopbridge.alerts.formatters import pagerduty_event
from tests.unit.alerts.formatters.notices import notice

KEY = "R0UT1NGKEY0123456789abcdefabcdef"


def test_a_trigger_carries_the_dedup_key_severity_and_details() -> None:
    event = pagerduty_event(notice(), KEY)
    assert event["routing_key"] == KEY
    assert event["event_action"] == "trigger"
    assert event["dedup_key"] == "payment_failed:acme"
    payload = event["payload"]
    assert payload["summary"] == (
        "Payments are failing: A sale of 12.00 USD on order 42 failed at bogus: card_declined."
    )
    assert payload["source"] == "acme.myshopify.com"
    assert payload["severity"] == "error"
    assert payload["timestamp"] == "2027-01-15T08:00:00Z"
    assert payload["component"] == "payment_issue"
    assert payload["group"] == "acme"
    assert payload["class"] == "failed_transactions"
    assert payload["custom_details"]["occurrences"] == 1
    assert payload["custom_details"]["gateway"] == "bogus"
    assert event["links"] == [
        {"href": "https://acme.myshopify.com/admin/orders/42", "text": "Open the order"}
    ]


def test_an_update_is_another_trigger_for_the_same_incident() -> None:
    event = pagerduty_event(notice(notification="updated", count=5, new_since_last=4), KEY)
    assert event["event_action"] == "trigger"
    assert event["dedup_key"] == "payment_failed:acme"
    assert event["payload"]["summary"].startswith("Payments are failing (4 more, 5 in all)")


def test_a_resolve_names_only_the_incident() -> None:
    event = pagerduty_event(notice(notification="resolved"), KEY)
    assert event == {
        "routing_key": KEY,
        "event_action": "resolve",
        "dedup_key": "payment_failed:acme",
    }


def test_the_summary_is_cut_to_1024_characters() -> None:
    event = pagerduty_event(notice(summary="z" * 2000), KEY)
    assert len(event["payload"]["summary"]) == 1024
