"""trusted timestamps (RFC 3161) of evidence and of the audit chain; scan engine and sanitising detail
per item; package heartbeats, evidence choices and exclusions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TIMESTAMP_STATES = ("pending", "granted")


def _token_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                *TIMESTAMP_STATES,
                name="timestamp_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("tsa_url", sa.String(length=500), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=True),
        sa.Column("gen_time", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("serial", sa.String(length=80), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("granted_at", app.db.UTCDateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "evidence_timestamps",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("evidence_id", sa.String(length=32), nullable=False),
        *_token_columns(),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_timestamps_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_timestamps")),
        sa.UniqueConstraint("evidence_id", name=op.f("uq_evidence_timestamps_evidence_id")),
    )
    op.create_table(
        "audit_timestamps",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("audit_seq", sa.BigInteger(), nullable=False),
        *_token_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_timestamps")),
        sa.UniqueConstraint("audit_seq", name=op.f("uq_audit_timestamps_audit_seq")),
    )
    for table in ("evidence_timestamps", "audit_timestamps"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_state"), ["state"], unique=False)
            batch_op.create_index(
                batch_op.f(f"ix_{table}_next_attempt_at"), ["next_attempt_at"], unique=False
            )

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sanitise_detail", sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column("scan_engine", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("scanned_at", app.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("rescan_requested_at", app.db.UTCDateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("packages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("evidence_choices", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(sa.Column("excluded", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column("heartbeat_at", app.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("packages", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("excluded")
        batch_op.drop_column("evidence_choices")

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("rescan_requested_at")
        batch_op.drop_column("scanned_at")
        batch_op.drop_column("scan_engine")
        batch_op.drop_column("sanitise_detail")

    for table in ("audit_timestamps", "evidence_timestamps"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_next_attempt_at"))
            batch_op.drop_index(batch_op.f(f"ix_{table}_state"))
        op.drop_table(table)
