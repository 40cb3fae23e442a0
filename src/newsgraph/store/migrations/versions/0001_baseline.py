"""Baseline: the schema of newsgraph 0.1 (schema version 4).

Upgrades an empty database, and any store written by newsgraph 0.1 (schema versions 0 to 4,
which knew no Alembic), to that schema: missing tables and indexes are created and missing
columns added, read from the frozen copy in :mod:`newsgraph.store.migrations.baseline`; rows are
kept.  A store already at version 4 is only stamped.

Revision ID: 0001_baseline
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import delete, select

from newsgraph.store.migrate import reconcile
from newsgraph.store.migrations import baseline

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

LEGACY_VERSION = 4  # the last schema_version newsgraph 0.1 wrote


def upgrade() -> None:
    bind = op.get_bind()
    reconcile(bind, baseline.metadata)
    version = baseline.schema_version
    if bind.scalar(select(version.c.version)) != LEGACY_VERSION:
        bind.execute(delete(version))
        bind.execute(version.insert().values(version=LEGACY_VERSION))


def downgrade() -> None:
    """Back to before the baseline: an empty database (every table of the baseline dropped,
    rows included; docs/store.md says to back a store up first)."""
    baseline.metadata.drop_all(op.get_bind())
