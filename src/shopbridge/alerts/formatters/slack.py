"""Slack incoming webhooks: a Block Kit message with a plain-text fallback.

The body is ``{"text": …, "blocks": [...]}``: ``text`` is what notifications and
clients without blocks show. Limits respected here: a header's text 150 characters,
a section's text 3,000, at most 10 fields of 2,000 each. Links are mrkdwn links
(``<url|title>``), which need nothing set up in the Slack app.
Slack's mrkdwn needs ``&``, ``<`` and ``>`` escaped.
"""

from __future__ import annotations

from typing import Final

from shopbridge.alerts.model import Notice
from shopbridge.types import JSONObject, JSONValue

from .text import clip, facts

__all__ = ["slack_message"]

HEADER_CHARS: Final = 150
SECTION_CHARS: Final = 3000
FIELD_CHARS: Final = 2000
MAX_FIELDS: Final = 10
_MARKS: Final = {
    "critical": ":red_circle:",
    "error": ":large_orange_circle:",
    "warning": ":large_yellow_circle:",
    "info": ":large_blue_circle:",
}
RESOLVED_MARK: Final = ":white_check_mark:"


def escape(text: str) -> str:
    """Text safe inside mrkdwn (Slack reads ``<…>`` as links and mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(notice: Notice) -> JSONObject:
    mark = RESOLVED_MARK if notice.resolved else _MARKS[notice.severity]
    blocks: list[JSONValue] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": clip(notice.headline, HEADER_CHARS)},
        }
    ]
    if notice.summary:
        blocks.append(_section(f"{mark} {escape(notice.summary)}"))
    blocks.append(
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": clip(f"*{name}*\n{escape(value)}", FIELD_CHARS)}
                for name, value in facts(notice)[:MAX_FIELDS]
            ],
        }
    )
    if notice.members and not notice.resolved:
        listed = "\n".join(f"• {escape(member)}" for member in notice.members)
        more = notice.open - len(notice.members)
        suffix = f"\n…and {more} more" if more > 0 else ""
        blocks.append(_section(listed + suffix))
    if notice.links:  # links, not buttons: a button needs the app's interactivity set up
        listed = " · ".join(f"<{link.url}|{escape(link.title)}>" for link in notice.links)
        blocks.append(_section(listed))
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"shopbridge · {notice.rule} · `{escape(notice.dedup_key)}`",
                }
            ],
        }
    )
    shop = notice.shop_domain or notice.shop
    fallback = f"{notice.headline} ({shop})" if shop else notice.headline
    return {"text": f"{mark} {escape(fallback)}", "blocks": blocks}


def _section(text: str) -> JSONObject:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_CHARS)}}
