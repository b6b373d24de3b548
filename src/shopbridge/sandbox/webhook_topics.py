"""Which webhook topics a committed change triggers, and the REST-shaped payload of each.

Shopify sends webhooks in the REST resource's shape (snake_case keys, numeric ids,
``admin_graphql_api_id``), not in the GraphQL shape the sandbox stores. Each area
registers, in its own ``sandbox/rest/<area>.py`` module, one rule per topic::

    @topic_rule("products/update", "Product", on="update")
    def product_payload(state: State, change: Change) -> dict[str, Any]:
        return rest_product(state, change.after)

``on`` is ``"create"``, ``"update"``, ``"delete"`` or any predicate of the change
(``orders/paid`` fires when the financial status becomes ``PAID``). The webhook
emitter calls ``topics_for(change)`` right after each commit, so a renderer reads
the store as the transaction left it; for a deletion it renders ``change.before``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from shopbridge.sandbox.changes import Change
    from shopbridge.sandbox.state import State

__all__ = ["Payload", "Renderer", "TopicRule", "registered_topics", "topic_rule", "topics_for"]

Payload = dict[str, Any]
Renderer = Callable[["State", "Change"], Payload]
Trigger = Literal["create", "update", "delete"] | Callable[["Change"], bool]
R = TypeVar("R", bound=Renderer)


@dataclass(frozen=True, slots=True)
class TopicRule:
    """``topic`` fires for a change of ``entity`` when ``applies``; ``render`` builds its body."""

    topic: str
    entity: str
    applies: Callable[[Change], bool]
    render: Renderer


_RULES: dict[str, list[TopicRule]] = {}


def topic_rule(topic: str, entity: str, *, on: Trigger) -> Callable[[R], R]:
    """Register ``render`` as the payload of ``topic`` for changes of ``entity``."""
    applies = on if callable(on) else _action_is(on)

    def register(render: R) -> R:
        rules = _RULES.setdefault(entity, [])
        if any(rule.topic == topic for rule in rules):
            raise ValueError(f"webhook topic {topic} registered twice for {entity}")
        rules.append(TopicRule(topic, entity, applies, render))
        return render

    return register


def _action_is(action: str) -> Callable[[Change], bool]:
    return lambda change: change.action == action


def topics_for(change: Change) -> list[TopicRule]:
    """The rules ``change`` triggers, in registration order."""
    return [rule for rule in _RULES.get(change.entity, ()) if rule.applies(change)]


def registered_topics() -> dict[str, TopicRule]:
    """Every topic the sandbox can emit, by topic name."""
    return {rule.topic: rule for rules in _RULES.values() for rule in rules}
