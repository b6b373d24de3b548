"""Built-in processors: engine steps that run on events as ordinary jobs.

A processor (abandoned-checkout timers, purchase classification, alert rules,
reconciliation …) is a sink the engine owns: it declares the Shopify topics and
engine events it takes, and the app gives it a system flow ``shopbridge.<name>`` to
destination ``shopbridge.<name>``. Its work is therefore persisted with the event,
retried with backoff, dead-lettered and replayable like any delivery; whatever it
derives it appends with :func:`shopbridge.engine.events.emit`, under dedupe keys, so
a retry derives nothing twice.

Features register a factory in :data:`PROCESSOR_FACTORIES`; it returns None when the
feature is not configured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, Protocol

from shopbridge.config.schema import FlowInput, FlowSettings
from shopbridge.engine import mapping
from shopbridge.engine.flows import CompiledFlow
from shopbridge.engine.timers import Schedule
from shopbridge.shopify import topics

if TYPE_CHECKING:
    from shopbridge.app import App
    from shopbridge.engine.delivery import Delivery
    from shopbridge.engine.outcomes import Outcome

__all__ = [
    "PREFIX",
    "PROCESSOR_FACTORIES",
    "Processor",
    "ProcessorFactory",
    "system_flows",
]

PREFIX: Final = "shopbridge."


class Processor(Protocol):
    """An engine step: takes deliveries of the events it declares, says what happened."""

    @property
    def name(self) -> str: ...

    @property
    def shopify_topics(self) -> Sequence[str]:
        """Webhook topics it takes (the subscription manager subscribes to them)."""
        ...

    @property
    def event_topics(self) -> Sequence[str]:
        """Engine events it takes (timers it set, schedules it runs on)."""
        ...

    @property
    def schedules(self) -> Sequence[Schedule]:
        """Recurring engine events it wants (kept armed by the timer service)."""
        ...

    @property
    def max_in_flight(self) -> int: ...

    async def deliver(self, delivery: Delivery) -> Outcome: ...

    async def close(self) -> None: ...


ProcessorFactory = Callable[["App"], "Processor | None"]

# Features append their factory here (at import of the feature's package).
PROCESSOR_FACTORIES: list[ProcessorFactory] = []


def system_flows(processor: Processor) -> list[CompiledFlow]:
    """The flows that route a processor's topics to it (one per input kind)."""
    destination = PREFIX + processor.name
    flows: list[CompiledFlow] = []
    inputs = [
        ("", FlowInput(shopify=list(processor.shopify_topics))),
        (".events", FlowInput(events=list(processor.event_topics))),
    ]
    for suffix, wanted in inputs:
        if not (wanted.shopify or wanted.events):
            continue
        settings = FlowSettings.model_validate({"from": wanted, "to": [destination]})
        keys = {  # one entity's events reach the processor in order, as for any flow
            topic: mapping.compile_expression(path, name=f"default key of {topic}")
            for topic in wanted.shopify or ()
            if (path := topics.default_ordering_key(topic)) is not None
        }
        flows.append(CompiledFlow(name=destination + suffix, settings=settings, default_keys=keys))
    return flows
