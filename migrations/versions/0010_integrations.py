"""integrations: idempotency records, API rate-limit counters, the change feed, token rotation links

Revision ID: 0010_integrations
Revises: 0009
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0010_integrations"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("caller", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=2000), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("locked_until", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_headers", sa.JSON(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("caller", "key", name="uq_idempotency_records_caller_key"),
    )
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotency_records_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "api_rate_limits",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("window_start", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_api_rate_limits")),
    )

    op.create_table(
        "feed_events",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("org_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.Column("event", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_feed_events_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_files.id"],
            name=op.f("fk_feed_events_case_id_case_files"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_feed_events")),
    )
    with op.batch_alter_table("feed_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_events_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_events_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index("ix_feed_events_org_order", ["org_id", "txid", "seq"], unique=False)

    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rotated_from", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("replaced_by", sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_api_tokens_rotated_from_api_tokens"),
            "api_tokens",
            ["rotated_from"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_api_tokens_replaced_by_api_tokens"),
            "api_tokens",
            ["replaced_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_api_tokens_replaced_by_api_tokens"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_api_tokens_rotated_from_api_tokens"), type_="foreignkey")
        batch_op.drop_column("replaced_by")
        batch_op.drop_column("rotated_from")
    op.drop_table("feed_events")
    op.drop_table("api_rate_limits")
    op.drop_table("idempotency_records")
