"""The store's tables, defined once for SQLite and PostgreSQL.

Timestamps are seconds since the epoch as floats: exact enough, cheap to
compare on both databases, and trivial to drive from a fake clock in tests.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL wants BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("source_kind", String(16), nullable=False),  # shopify | inbound
    Column("source", String(128), nullable=False),  # shop id or inbound source id
    Column("topic", String(128), nullable=False),
    Column("dedupe_key", String(255), nullable=True),
    Column("shop_domain", String(255), nullable=True),
    Column("received_at", Float, nullable=False),
    Column("occurred_at", Float, nullable=True),
    Column("headers", Text, nullable=False),  # JSON object
    Column("content_type", String(128), nullable=False),
    Column("body", LargeBinary, nullable=False),  # the exact bytes received
    UniqueConstraint("source_kind", "source", "dedupe_key"),
)
Index("ix_events_received_at", events.c.received_at)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("event_id", Id, ForeignKey("events.id"), nullable=False),
    Column("flow", String(64), nullable=False),
    Column("destination", String(64), nullable=False),
    Column("lane", String(512), nullable=True),
    # queued | running | delivered | filtered | dead | replayed
    Column("status", String(16), nullable=False),
    Column("attempt", Integer, nullable=False, server_default=text("0")),
    Column("run_at", Float, nullable=False),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", Float, nullable=True),
    Column("idempotency_key", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("last_reason", Text, nullable=True),
    Column("last_status_code", Integer, nullable=True),
    Column("replay_of", Id, nullable=True),
    Column("replayed_by", Id, nullable=True),
    # The part of the event this job carries, when not the whole body (one item of a batch).
    Column("payload", LargeBinary, nullable=True),
)
Index("ix_jobs_status_run_at", jobs.c.status, jobs.c.run_at)
Index("ix_jobs_lane_id", jobs.c.lane, jobs.c.id)
Index("ix_jobs_destination_status", jobs.c.destination, jobs.c.status)
Index("ix_jobs_event_id", jobs.c.event_id)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("job_id", Id, ForeignKey("jobs.id"), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("worker", String(64), nullable=False),
    Column("started_at", Float, nullable=False),
    Column("finished_at", Float, nullable=False),
    Column("outcome", String(16), nullable=False),  # delivered | retry | rejected | filtered
    Column("status_code", Integer, nullable=True),
    Column("reason", Text, nullable=True),
    Column("request", Text, nullable=True),  # JSON
    Column("response", Text, nullable=True),  # JSON
)
Index("ix_attempts_job_id", attempts.c.job_id, attempts.c.attempt)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("prefix", String(32), nullable=False, unique=True),
    Column("key_hash", String(128), nullable=False),
    Column("scopes", Text, nullable=False),  # JSON list
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float, nullable=True),
    Column("last_used_at", Float, nullable=True),
)

# The newest source version (timestamp or sequence) applied per key, so that an update older
# than one already written is dropped as stale however late it arrives.
applied_versions = Table(
    "applied_versions",
    metadata,
    Column("scope", String(255), primary_key=True),  # e.g. "shopify:acme.myshopify.com"
    Column("key", String(512), primary_key=True),  # e.g. "inventory:<item>@<location>"
    Column("version", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

# Durable timers (abandoned-checkout delays, unpaid-order limits, recurring schedules).
# Setting a timer again moves it and bumps its revision, so a firing that read the old
# revision deletes nothing and emits nothing.
timers = Table(
    "timers",
    metadata,
    Column("name", String(255), primary_key=True),  # e.g. "checkout-abandoned:acme:<token>"
    Column("shop", String(128), nullable=True),  # the event's source when it fires
    Column("topic", String(128), nullable=False),  # the engine event it fires
    Column("fire_at", Float, nullable=False),
    Column("payload", LargeBinary, nullable=False),  # the event body (JSON)
    Column("revision", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)
Index("ix_timers_fire_at", timers.c.fire_at)

# One row per alert (its dedup key): whether it fires, how often it occurred, what was last
# notified. Changed only by compare-and-set on ``revision``, so processes never double-notify.
alerts = Table(
    "alerts",
    metadata,
    Column("key", String(255), primary_key=True),  # e.g. "payment_failed:acme:visa"
    Column("kind", String(32), nullable=False),  # payment_issue | order_failure | …
    Column("rule", String(64), nullable=False),
    Column("shop", String(128), nullable=False),
    Column("status", String(16), nullable=False),  # pending | firing | resolved
    Column("severity", String(16), nullable=False),
    Column("episode", Integer, nullable=False),  # bumped each time it fires anew
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("count", Integer, nullable=False),
    Column("notified_count", Integer, nullable=False),
    Column("notified_at", Float, nullable=True),
    Column("resolved_at", Float, nullable=True),
    Column("state", LargeBinary, nullable=False),  # JSON: the alert's text, details, members
    Column("revision", Integer, nullable=False),
    Column("updated_at", Float, nullable=False),
)
Index("ix_alerts_rule_status", alerts.c.rule, alerts.c.status)

# The last quantity an upstream system sent per item and location (from POST /v1/inventory
# events), which the inventory reconciliation compares with Shopify's level.
sent_levels = Table(
    "sent_levels",
    metadata,
    Column("shop", String(128), primary_key=True),
    Column("key", String(512), primary_key=True),  # the writer's key: inventory:<sku>@<loc>:<name>
    Column("sku", String(255), nullable=True),
    Column("inventory_item_id", String(128), nullable=True),
    Column("location", String(255), nullable=True),
    Column("location_id", String(128), nullable=True),
    Column("name", String(32), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("version", Float, nullable=False),
    Column("source", String(128), nullable=False),
    Column("event_id", Id, nullable=False),
    Column("sent_at", Float, nullable=False),
)
Index("ix_sent_levels_shop_sent_at", sent_levels.c.shop, sent_levels.c.sent_at)
