"""Alert notices in the shapes Slack, Microsoft Teams and PagerDuty take.

Each formatter is a pure function of a :class:`~shopbridge.alerts.model.Notice`; the
``slack``, ``teams`` and ``pagerduty`` destinations (:mod:`shopbridge.sinks.alerts`)
apply them. Plain ``http`` destinations receive the notice JSON itself.
"""

from __future__ import annotations

from .pagerduty import pagerduty_event
from .slack import slack_message
from .teams import teams_message

__all__ = ["pagerduty_event", "slack_message", "teams_message"]
