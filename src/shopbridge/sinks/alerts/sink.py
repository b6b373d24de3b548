"""``AlertSink``: Slack, Teams and PagerDuty destinations, each a formatter over the HTTP sender.

The delivery's body is an alert notice (the ``alerts/<kind>`` events); the sink turns it
into the receiver's format (:mod:`shopbridge.alerts.formatters`) and hands it to an
:class:`~shopbridge.sinks.http.HttpSink` built from the destination's settings, so the
SSRF guard, deadlines, ``Retry-After`` and the outcome rules are the HTTP sender's.

A flow may instead ``map`` an event to the receiver's own shape (a Slack body with
``text`` or ``blocks``, a Teams ``message``, a PagerDuty event with ``event_action``); such
a body is sent as is (PagerDuty's ``routing_key`` is added from the destination). Any
other body is refused with a reason, since Slack would show nothing useful.

Secrets stay out of attempt records: the webhook URL's path (Slack's and Teams' URLs
are credentials) and PagerDuty's routing key are replaced by ``***``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Final

from yarl import URL

from shopbridge.alerts import formatters
from shopbridge.alerts.model import read_notice
from shopbridge.config.schema import (
    HttpDestination,
    PagerDutyDestination,
    SlackDestination,
    TeamsDestination,
)
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Exchange, Outcome, Reject
from shopbridge.sinks.http.request import REDACTED
from shopbridge.sinks.http.sink import HttpSink
from shopbridge.types import JSONObject, JSONValue

__all__ = ["AlertSink", "pagerduty_sink", "slack_sink", "teams_sink"]

AlertDestination = SlackDestination | TeamsDestination | PagerDutyDestination
Format = Callable[[JSONValue], "JSONObject | None"]

_JSON: Final = "application/json"


class AlertSink:
    """Formats each notice for one alert destination and sends it over HTTP."""

    def __init__(self, name: str, config: AlertDestination) -> None:
        self.name = name
        self.config = config
        self._http = HttpSink(
            name,
            HttpDestination(
                url=config.url,
                timeout_secs=config.timeout_secs,
                max_in_flight=config.max_in_flight,
                retry=config.retry,
                internal=config.internal,
            ),
        )
        self._format = _formatter(config)

    async def deliver(self, delivery: Delivery) -> Outcome:
        try:
            parsed: JSONValue = json.loads(delivery.body)
        except ValueError:
            parsed = None
        body = self._format(parsed)
        if body is None:
            return Reject(
                reason=f"destination '{self.name}' ({self.config.type}) takes alert notices "
                f"(alerts/* events) or a body already in its format; '{delivery.topic}' "
                "gave neither"
            )
        encoded = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        sent = dataclasses.replace(delivery, body=encoded, content_type=_JSON)
        outcome = await self._http.deliver(sent)
        return dataclasses.replace(outcome, exchange=self._redacted(outcome.exchange))

    async def close(self) -> None:
        await self._http.close()

    def _redacted(self, exchange: Exchange) -> Exchange:
        request = dict(exchange.request)
        if isinstance(self.config, PagerDutyDestination):
            body = request.get("body")
            if isinstance(body, str):
                request["body"] = body.replace(self.config.routing_key, REDACTED)
        elif isinstance(request.get("url"), str):
            url = URL(str(request["url"]))
            request["url"] = str(url.with_path(f"/{REDACTED}").with_query(None))
        return dataclasses.replace(exchange, request=request)


def _formatter(config: AlertDestination) -> Format:
    if isinstance(config, SlackDestination):
        return _slack
    if isinstance(config, TeamsDestination):
        return _teams
    key = config.routing_key

    def pagerduty(body: JSONValue) -> JSONObject | None:
        notice = read_notice(body)
        if notice is not None:
            return formatters.pagerduty_event(notice, key)
        if isinstance(body, dict) and "event_action" in body:
            return {**body, "routing_key": key}
        return None

    return pagerduty


def _slack(body: JSONValue) -> JSONObject | None:
    notice = read_notice(body)
    if notice is not None:
        return formatters.slack_message(notice)
    if isinstance(body, dict) and ("text" in body or "blocks" in body):
        return body
    return None


def _teams(body: JSONValue) -> JSONObject | None:
    notice = read_notice(body)
    if notice is not None:
        return formatters.teams_message(notice)
    if isinstance(body, dict) and body.get("type") == "message":
        return body
    return None


def slack_sink(name: str, config: SlackDestination) -> AlertSink:
    return AlertSink(name, config)


def teams_sink(name: str, config: TeamsDestination) -> AlertSink:
    return AlertSink(name, config)


def pagerduty_sink(name: str, config: PagerDutyDestination) -> AlertSink:
    return AlertSink(name, config)
