"""The alerts: section and the alert destinations: defaults, and errors that name the field."""

from __future__ import annotations

import pytest

from shopbridge import errors
from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import PagerDutyDestination, SlackDestination, TeamsDestination


def test_defaults_suit_a_live_shop() -> None:
    alerts = parse_settings("").alerts
    assert alerts.enabled is None
    assert alerts.group_window_secs == 300
    assert alerts.payments.unpaid_orders.after_secs == 86_400
    assert alerts.payments.failed_transactions.statuses == ["failure", "error"]
    assert alerts.inventory.mismatch.tolerance == 0
    assert alerts.engine.destination_failing.severity == "critical"


def test_alert_destinations_are_chosen_by_type() -> None:
    settings = parse_settings(
        """
destinations:
  chat: {type: slack, url: "https://hooks.slack.com/services/T/B/X"}
  team: {type: teams, url: "https://prod.example.logic.azure.com/workflows/1"}
  oncall: {type: pagerduty, routing_key: abc}
  erp: {url: "https://erp.example.com"}
"""
    )
    chat, team, oncall = (settings.destinations[n] for n in ("chat", "team", "oncall"))
    assert isinstance(chat, SlackDestination)
    assert isinstance(team, TeamsDestination)
    assert isinstance(oncall, PagerDutyDestination)
    assert oncall.url == "https://events.pagerduty.com/v2/enqueue"
    assert settings.destinations["erp"].type == "http"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("destinations:\n  oncall: {type: pagerduty}", "destinations.oncall.routing_key: required"),
        (
            "destinations:\n  chat: {type: slack, url: ftp://x}",
            "destinations.chat.url: must be an http:// or https:// URL",
        ),
        (
            "destinations:\n  x: {type: opsgenie, url: https://x}",
            "destinations.x: type must be one of http, slack, teams, pagerduty",
        ),
        (
            "alerts: {payments: {unpaid_orders: {after_secs: 0}}}",
            "alerts.payments.unpaid_orders.after_secs: Input should be greater than 0",
        ),
        (
            "alerts: {engine: {dead_letters: {severity: fatal}}}",
            "alerts.engine.dead_letters.severity: Input should be 'critical', 'error', "
            "'warning' or 'info'",
        ),
        ("alerts: {inventory: {mismatch: {tolerence: 2}}}", "alerts.inventory.mismatch.tolerence"),
    ],
)
def test_a_mistake_names_its_field(text: str, problem: str) -> None:
    with pytest.raises(errors.ConfigError) as caught:
        parse_settings(text)
    assert problem in str(caught.value)
