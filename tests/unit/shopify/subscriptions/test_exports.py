"""The package re-exports exactly what its modules export."""

from __future__ import annotations

import importlib

from shopbridge.shopify import subscriptions

MODULES = ("apply", "desired", "keeper", "plan", "reconcile", "remote", "scope")


def test_the_package_exports_every_module_export() -> None:
    exported: set[str] = set()
    for name in MODULES:
        module = importlib.import_module(f"shopbridge.shopify.subscriptions.{name}")
        exported |= set(module.__all__)
    assert set(subscriptions.__all__) == exported
    assert all(hasattr(subscriptions, name) for name in subscriptions.__all__)
