"""Microsoft Teams (a Workflows "When a Teams webhook request is received" URL, or a
legacy incoming webhook): a message with one Adaptive Card attachment.

``{"type": "message", "attachments": [{"contentType":
"application/vnd.microsoft.card.adaptive", "contentUrl": null, "content": <card>}]}``;
Workflows accept Adaptive Cards only. The card uses version 1.4 elements (TextBlock,
FactSet, Action.OpenUrl), which every current Teams client renders.
"""

from __future__ import annotations

from typing import Final

from shopbridge.alerts.model import Notice
from shopbridge.types import JSONObject, JSONValue

from .text import facts

__all__ = ["CARD_CONTENT_TYPE", "teams_message"]

CARD_CONTENT_TYPE: Final = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA: Final = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION: Final = "1.4"
MAX_ACTIONS: Final = 5
_COLORS: Final = {
    "critical": "Attention",
    "error": "Attention",
    "warning": "Warning",
    "info": "Accent",
}


def teams_message(notice: Notice) -> JSONObject:
    body: list[JSONValue] = [
        {
            "type": "TextBlock",
            "text": notice.headline,
            "size": "Large",
            "weight": "Bolder",
            "wrap": True,
            "color": "Good" if notice.resolved else _COLORS[notice.severity],
        }
    ]
    if notice.summary:
        body.append({"type": "TextBlock", "text": notice.summary, "wrap": True})
    body.append({"type": "FactSet", "facts": [{"title": n, "value": v} for n, v in facts(notice)]})
    if notice.members and not notice.resolved:
        more = notice.open - len(notice.members)
        lines = [f"- {member}" for member in notice.members]
        if more > 0:
            lines.append(f"- …and {more} more")
        body.append({"type": "TextBlock", "text": "\r".join(lines), "wrap": True})
    body.append(
        {
            "type": "TextBlock",
            "text": f"shopbridge · {notice.rule} · {notice.dedup_key}",
            "isSubtle": True,
            "size": "Small",
            "wrap": True,
        }
    )
    card: JSONObject = {
        "$schema": CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "msteams": {"width": "Full"},
        "body": body,
    }
    if notice.links:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": link.title, "url": link.url}
            for link in notice.links[:MAX_ACTIONS]
        ]
    return {
        "type": "message",
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "contentUrl": None, "content": card}],
    }
