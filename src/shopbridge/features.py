"""The built-in features: importing this module registers their processors.

Each feature module appends its factory to
:data:`shopbridge.engine.processors.PROCESSOR_FACTORIES` when imported (a factory may
also add guards to ``app.guards``, or services to ``app.services``). Add one import
line per feature, below.
"""

from __future__ import annotations

from shopbridge.alerts import processor as alerts  # noqa: F401  (alert rules: alerts/* events)
from shopbridge.customers import feature as customers  # noqa: F401  (echo memory and guard)
from shopbridge.marketing import processor as marketing  # noqa: F401  (marketing/* events)
from shopbridge.orders import processor as orders  # noqa: F401  (presets, guard, reconciliation)
