"""Facts materialised: event and relation facts with stable ids, the claims and entities they
are made of, the entities' keys in fact ids, the claims analysts rejected or confirmed, and the
writes whose facts wait for a deferred refresh.

The tables are created empty; :class:`~newsgraph.store.Store` fills them when it opens a store
whose facts were never computed (one full rebuild, in the upgrade's transaction).

Revision ID: 0002_facts
Revises: 0001_baseline
Create Date: 2025-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsgraph.store.migrate import reconcile

revision = "0002_facts"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _tables(md: sa.MetaData) -> None:
    """The revision's tables, frozen here (schema.py may change them later, with revisions)."""
    sa.Table(
        "event_facts", md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("subtype", sa.Text, nullable=False),
        sa.Column("date_value", sa.Text),
        sa.Column("date_precision", sa.Text),
        sa.Column("location_entity", INT),
        sa.Column("killed", INT),
        sa.Column("injured", INT),
        sa.Column("modality", sa.Text, nullable=False),
        sa.Column("polarity", INT, nullable=False),
        sa.Column("attributed_to", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
    )
    sa.Table(
        "relation_facts", md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("subtype", sa.Text),
        sa.Column("subject_entity", INT, nullable=False),
        sa.Column("object_entity", INT),
        sa.Column("object_event", sa.Text),
        sa.Column("polarity", INT, nullable=False),
        sa.Column("modality", sa.Text, nullable=False),
        sa.Column("valid_from", sa.Text),
        sa.Column("valid_to", sa.Text),
        sa.Column("attributed_to", sa.Text),
        sa.Column("retracted", INT, nullable=False),
        sa.Column("published", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Index("relation_facts_subject", "subject_entity"),
        sa.Index("relation_facts_object", "object_entity"),
    )
    sa.Table(
        "fact_claims", md,
        sa.Column("claim_id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("fact_id", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Index("fact_claims_fact", "fact_id"),
        sa.Index("fact_claims_article", "article_id"),
    )
    sa.Table(
        "fact_entities", md,
        sa.Column("fact_id", sa.Text, nullable=False),
        sa.Column("entity_id", INT, nullable=False),
        sa.PrimaryKeyConstraint("fact_id", "entity_id"),
        sa.Index("fact_entities_entity", "entity_id"),
    )
    sa.Table(
        "entity_fact_keys", md,
        sa.Column("entity_id", INT, primary_key=True, autoincrement=False),
        sa.Column("base", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Index("entity_fact_keys_base", "base"),
    )
    sa.Table(
        "claim_status", md,
        sa.Column("claim_id", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
    )
    sa.Table(
        "facts_pending", md,
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("ref", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("kind", "ref"),
    )


def upgrade() -> None:
    """Create what is missing (a store stamped afresh may have the tables already)."""
    md = sa.MetaData()
    _tables(md)
    reconcile(op.get_bind(), md)


def downgrade() -> None:
    for table in ("facts_pending", "claim_status", "entity_fact_keys", "fact_entities", "fact_claims",
                  "relation_facts", "event_facts"):
        op.drop_table(table)
