"""The built-in features: importing this module registers their processors.

Each feature module appends its factory to
:data:`shopbridge.engine.processors.PROCESSOR_FACTORIES` when imported (a factory may
also add guards to ``app.guards``, or services to ``app.services``). Add one import
line per feature, below.
"""

from __future__ import annotations
