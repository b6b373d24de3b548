"""The ``world`` every writer test gets; a module overrides ``seed`` to prepare its shop."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .scenario import Scenario, Seed, scenario


@pytest.fixture
def seed() -> Seed | None:
    """What the sandbox holds before the test: nothing unless the module says otherwise."""
    return None


@pytest.fixture
async def world(sqlite_url: str, seed: Seed | None) -> AsyncIterator[Scenario]:
    async with scenario(sqlite_url, seed=seed) as made:
        yield made
