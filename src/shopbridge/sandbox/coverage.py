"""What the sandbox implements: root fields per API and the webhook topics it emits.

Read from the registered domains and topic rules, so it cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopbridge.sandbox import rest
from shopbridge.sandbox.domains import DOMAINS
from shopbridge.sandbox.registry import MUTATION, QUERY
from shopbridge.sandbox.webhook_topics import registered_topics

__all__ = ["Coverage", "coverage"]

assert rest  # importing the package registers every area's topic rules


@dataclass(frozen=True, slots=True)
class Coverage:
    api: str
    queries: tuple[str, ...]
    mutations: tuple[str, ...]


def coverage() -> tuple[list[Coverage], list[str]]:
    """Root fields served per API, and every webhook topic the sandbox can send."""
    apis = sorted({domain.api for domain in DOMAINS})
    served = []
    for api in apis:
        fields = [key for domain in DOMAINS if domain.api == api for key in domain.resolvers]
        served.append(
            Coverage(
                api,
                tuple(sorted(name for root, name in fields if root == QUERY)),
                tuple(sorted(name for root, name in fields if root == MUTATION)),
            )
        )
    return served, sorted(registered_topics())
