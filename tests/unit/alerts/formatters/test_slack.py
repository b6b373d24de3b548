"""Slack incoming-webhook bodies: Block Kit within Slack's limits, a fallback text, escaping."""

from __future__ import annotations

from shopbridge.alerts.formatters import slack_message
from tests.unit.alerts.formatters.notices import notice


def test_a_trigger_is_a_header_the_summary_facts_members_links_and_context() -> None:
    body = slack_message(notice())
    assert body["text"] == ":large_orange_circle: Payments are failing (acme.myshopify.com)"
    assert [block["type"] for block in body["blocks"]] == [
        "header", "section", "section", "section", "section", "context",
    ]  # fmt: skip
    assert body["blocks"][0]["text"] == {"type": "plain_text", "text": "Payments are failing"}
    fields = [field["text"] for field in body["blocks"][2]["fields"]]
    assert "*Severity*\nerror" in fields
    assert "*Shop*\nacme.myshopify.com" in fields
    assert "• Order 42" in body["blocks"][3]["text"]["text"]
    assert body["blocks"][4]["text"]["text"] == (
        "<https://acme.myshopify.com/admin/orders/42|Open the order>"
    )


def test_an_update_says_how_many_more_and_a_resolve_says_resolved() -> None:
    update = slack_message(notice(notification="updated", count=7, new_since_last=6, open=7))
    assert update["blocks"][0]["text"]["text"] == "Payments are failing (6 more, 7 in all)"
    resolved = slack_message(notice(notification="resolved", status="resolved"))
    assert resolved["text"].startswith(":white_check_mark: Resolved: Payments are failing")
    assert not [b for b in resolved["blocks"] if "•" in str(b)]  # no open members listed


def test_text_is_escaped_and_cut_to_slacks_limits() -> None:
    body = slack_message(notice(title="x" * 400, summary="<!channel> & " + "y" * 5000))
    assert len(body["blocks"][0]["text"]["text"]) == 150
    summary = body["blocks"][1]["text"]["text"]
    assert "&lt;!channel&gt; &amp;" in summary
    assert len(summary) == 3000
    assert all(len(f["text"]) <= 2000 for f in body["blocks"][2]["fields"])
    assert len(body["blocks"][2]["fields"]) <= 10
