"""Flows compiled from config: which events they take and how they shape them.

Compiling is pure (no I/O) and happens once at start-up, so a bad expression
is a configuration error with a dotted path, never a surprise at 3 a.m.

A flow may name a *preset* (``preset: order``): a built-in shaping of a Shopify payload
into a clean document, registered by a feature with :func:`register_preset`. The
flow's ``filter`` and ``map`` then read that document instead of the raw payload (a
flow without ``map`` delivers the document itself), so users extend it with JSONata.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from shopbridge import errors
from shopbridge.config.schema import FlowSettings, Settings
from shopbridge.engine import events, mapping
from shopbridge.shopify import topics
from shopbridge.types import JSONValue

__all__ = [
    "PRESETS",
    "CompiledFlow",
    "Preset",
    "PresetStep",
    "Step",
    "compile_flows",
    "register_preset",
]


@dataclass(frozen=True, slots=True)
class Preset:
    """A built-in document shape for some Shopify topics (``order`` for ``orders/*``).

    ``shape`` turns a payload into the document, raising ``MappingError`` when it cannot.
    """

    name: str
    topics: frozenset[str]
    shape: Callable[[JSONValue], JSONValue]
    description: str = ""


# Name → preset. Features add theirs with :func:`register_preset` at import.
PRESETS: dict[str, Preset] = {}


def register_preset(preset: Preset) -> None:
    """Make ``preset: <name>`` available to flows."""
    PRESETS[preset.name] = preset


class Step(Protocol):
    """What the worker runs for a flow's ``filter`` and ``map``."""

    def evaluate(self, data: JSONValue) -> JSONValue: ...

    def matches(self, data: JSONValue) -> bool: ...


@dataclass(frozen=True, slots=True)
class PresetStep:
    """A flow's filter or map behind its preset: the expression reads the preset's document.

    Without an expression (a flow with a preset and no ``map``) the document is the result.
    """

    preset: Preset
    expression: mapping.Expression | None = None

    def evaluate(self, data: JSONValue) -> JSONValue:
        document = self.preset.shape(data)
        return document if self.expression is None else self.expression.evaluate(document)

    def matches(self, data: JSONValue) -> bool:
        return mapping.is_truthy(self.evaluate(data))


@dataclass(frozen=True, slots=True)
class CompiledFlow:
    name: str
    settings: FlowSettings
    filter: Step | None = None
    map: Step | None = None
    ordering_key: mapping.Expression | None = None
    default_keys: Mapping[str, mapping.Expression] = field(default_factory=dict)
    preset: Preset | None = None

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
    import shopbridge.features  # noqa: F401  (registers the built-in presets)

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
        preset = _preset_of(name, flow, problems)
        compiled[name] = CompiledFlow(
            name=name,
            settings=flow,
            filter=_behind(preset, parts.get("filter"), always=False),
            map=_behind(preset, parts.get("map"), always=True),
            ordering_key=parts.get("ordering_key"),
            default_keys=defaults,
            preset=preset,
        )
    if problems:
        raise errors.ConfigError(problems)
    return compiled


def _preset_of(name: str, flow: FlowSettings, problems: list[tuple[str, str]]) -> Preset | None:
    """The flow's preset, if it names one that exists and fits every topic it takes."""
    if flow.preset is None:
        return None
    preset = PRESETS.get(flow.preset)
    if preset is None:
        known = ", ".join(sorted(PRESETS)) or "none"
        problems.append(
            (f"flows.{name}.preset", f"unknown preset '{flow.preset}' (known: {known})")
        )
        return None
    if flow.from_.events is not None:
        problems.append(
            (
                f"flows.{name}.preset",
                "presets shape Shopify payloads; this flow takes engine events",
            )
        )
    for index, topic in enumerate(flow.from_.shopify or []):
        if topic not in preset.topics:
            problems.append(
                (
                    f"flows.{name}.from.shopify.{index}",
                    f"preset '{preset.name}' shapes {', '.join(sorted(preset.topics))}, "
                    f"not {topic}",
                )
            )
    return preset


def _behind(
    preset: Preset | None, expression: mapping.Expression | None, *, always: bool
) -> Step | None:
    """The step the worker runs: the expression alone, or behind the flow's preset."""
    if preset is None or (expression is None and not always):
        return expression
    return PresetStep(preset, expression)
