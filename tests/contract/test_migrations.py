"""The migration scripts build exactly the tables the code declares, on every store."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from shopbridge.store import backends, migrate
from shopbridge.store.tables import metadata


def test_the_migrated_schema_matches_the_declared_tables(store_url: str) -> None:
    assert migrate.current_revision(store_url) == migrate.head_revision()
    engine = create_engine(backends.sync_url(store_url))
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert differences == []
