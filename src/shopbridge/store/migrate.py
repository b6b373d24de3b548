"""Versioned schema migrations (Alembic), the same scripts for SQLite and PostgreSQL.

Migrations run on a synchronous connection. On PostgreSQL an advisory lock
makes concurrent starts (N workers booting at once) take turns.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from shopbridge import errors
from shopbridge.store import backends

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PG_MIGRATION_LOCK = 0x5B0B_0001


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["sqlalchemy_url"] = backends.sync_url(url)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config("sqlite:///:memory:")).get_current_head()
    assert head is not None
    return head


def current_revision(url: str) -> str | None:
    path = backends.sqlite_path(url)
    if path is not None and not path.exists():
        return None
    engine = create_engine(backends.sync_url(url))
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise errors.StoreUnavailableError(f"cannot read the schema version: {exc}") from exc
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str]:
    """Bring the schema to ``revision``; returns (before, after)."""
    path = backends.sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    before = current_revision(url)
    engine = create_engine(backends.sync_url(url))
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            config = _config(url)
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise errors.StoreUnavailableError(f"migration failed: {exc}") from exc
    finally:
        engine.dispose()
    after = current_revision(url)
    assert after is not None
    return before, after
