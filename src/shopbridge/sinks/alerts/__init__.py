"""The alert destinations: ``slack``, ``teams`` and ``pagerduty`` (a formatter each, over HTTP)."""

from __future__ import annotations

from .sink import AlertSink, pagerduty_sink, slack_sink, teams_sink

__all__ = ["AlertSink", "pagerduty_sink", "slack_sink", "teams_sink"]
