"""Alembic environment: uses the connection handed over by shopbridge.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from shopbridge.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is not None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:  # `alembic revision --autogenerate` during development
    engine = create_engine(config.attributes["sqlalchemy_url"])
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
