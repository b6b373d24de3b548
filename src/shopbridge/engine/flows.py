"""Flows compiled from config: which events they take and how they shape them.

Compiling is pure (no I/O) and happens once at start-up, so a bad expression
is a configuration error with a dotted path, never a surprise at 3 a.m.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shopbridge import errors
from shopbridge.config.schema import FlowSettings, Settings
from shopbridge.engine import events, mapping
from shopbridge.shopify import topics


@dataclass(frozen=True, slots=True)
class CompiledFlow:
    name: str
    settings: FlowSettings
    filter: mapping.Expression | None = None
    map: mapping.Expression | None = None
    ordering_key: mapping.Expression | None = None
    default_keys: Mapping[str, mapping.Expression] = field(default_factory=dict)

    @property
    def destinations(self) -> list[str]:
        return list(self.settings.to)

    def accepts(self, source_kind: str, source: str, topic: str) -> bool:
        if not self.settings.enabled:
            return False
        wanted = self.settings.from_
        if source_kind in ("shopify", events.SOURCE_KIND):
            topics_wanted = wanted.shopify if source_kind == "shopify" else wanted.events
            if topics_wanted is None or topic not in topics_wanted:
                return False
            return wanted.shops is None or source in wanted.shops
        return source_kind == "inbound" and wanted.source == source

    def key_expression(self, topic: str) -> mapping.Expression | None:
        return self.ordering_key or self.default_keys.get(topic)


def compile_flows(settings: Settings) -> dict[str, CompiledFlow]:
    """Compile every flow's expressions, collecting every problem before failing."""
    problems: list[tuple[str, str]] = []
    compiled: dict[str, CompiledFlow] = {}
    for name, flow in settings.flows.items():
        parts: dict[str, mapping.Expression | None] = {}
        for part in ("filter", "map", "ordering_key"):
            text = getattr(flow, part)
            if text is None and part == "ordering_key" and flow.from_.source is not None:
                text = (
                    settings.sources[flow.from_.source].ordering_key
                    if (flow.from_.source in settings.sources)
                    else None
                )
            try:
                parts[part] = (
                    mapping.compile_expression(text, name=f"flows.{name}.{part}")
                    if text is not None
                    else None
                )
            except errors.MappingError as exc:
                # The message already names the expression (flows.NAME.PART).
                problems.append((f"flows.{name}.{part}", str(exc).split(": ", 1)[-1]))
        for index, topic in enumerate(flow.from_.shopify or []):
            if not topics.is_known_topic(topic):
                problems.append(
                    (f"flows.{name}.from.shopify.{index}", f"unknown Shopify topic '{topic}'")
                )
        for index, topic in enumerate(flow.from_.events or []):
            if not events.is_engine_topic(topic):
                known = ", ".join(sorted(events.ENGINE_TOPICS)) or "none"
                problems.append(
                    (
                        f"flows.{name}.from.events.{index}",
                        f"unknown engine event '{topic}' (known: {known})",
                    )
                )
        defaults: dict[str, mapping.Expression] = {}
        for topic in flow.from_.shopify or []:
            path = topics.default_ordering_key(topic)
            if path is not None:
                defaults[topic] = mapping.compile_expression(path, name=f"default key of {topic}")
        compiled[name] = CompiledFlow(
            name=name,
            settings=flow,
            filter=parts.get("filter"),
            map=parts.get("map"),
            ordering_key=parts.get("ordering_key"),
            default_keys=defaults,
        )
    if problems:
        raise errors.ConfigError(problems)
    return compiled
