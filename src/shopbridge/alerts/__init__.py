"""Alerts: rules that notice trouble, one durable state per alert, notices routed by flows.

A rule (payments, orders, fulfillments, inventory, the engine itself) raises or resolves
an :class:`~.model.Alert` through the :class:`~.manager.AlertManager`. The manager keeps
one row per dedup key in the store and decides, under a compare-and-set, what to send:
the first occurrence at once, repeats within the grouping window as one update ("N
more"), and a resolve when the condition ends. What it sends is an engine event
``alerts/<kind>``, appended in the same transaction, that flows route to destinations
(``slack``, ``teams``, ``pagerduty`` or plain ``http`` for the JSON notice), so delivery
retries and dead letters apply to alerts as to anything else.

Modules: :mod:`.settings` (the ``alerts:`` config), :mod:`.model` (alert, notice),
:mod:`.grouping` (pure decisions), :mod:`.manager`, :mod:`.topics`, :mod:`.rules`,
:mod:`.processor` (the built-in processor and its factory), :mod:`.formatters`.

This package's ``__init__`` imports nothing, so the config schema can import
:mod:`.settings` without pulling the engine in.
"""
