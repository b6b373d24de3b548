"""Teams bodies: a message with one Adaptive Card attachment, as Workflows webhooks take."""

from __future__ import annotations

from shopbridge.alerts.formatters import teams_message
from tests.unit.alerts.formatters.notices import notice


def test_a_notice_is_a_message_with_an_adaptive_card() -> None:
    body = teams_message(notice())
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["contentUrl"] is None
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["version"] == "1.4"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    title = card["body"][0]
    assert title == {
        "type": "TextBlock",
        "text": "Payments are failing",
        "size": "Large",
        "weight": "Bolder",
        "wrap": True,
        "color": "Attention",
    }
    facts = next(block for block in card["body"] if block["type"] == "FactSet")["facts"]
    assert {"title": "Occurrences", "value": "1"} in facts
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open the order",
            "url": "https://acme.myshopify.com/admin/orders/42",
        }
    ]


def test_a_resolve_is_green_and_lists_no_open_members() -> None:
    card = teams_message(notice(notification="resolved"))["attachments"][0]["content"]
    assert card["body"][0]["color"] == "Good"
    assert card["body"][0]["text"] == "Resolved: Payments are failing"
    assert not any("Order 42" in str(block) for block in card["body"])
