"""secure hand-off: recipients per jurisdiction, per-recipient package links (shares), their access events
and rate-limit counters; the submission channel `secure_link`

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CHANNELS = ("email", "official_form", "meeting", "via_partner")
ACCESS_KINDS = (
    "created",
    "viewed",
    "refused",
    "code_sent",
    "code_wrong",
    "code_accepted",
    "locked",
    "download_started",
    "download_completed",
    "download_interrupted",
    "receipt",
    "expired",
    "revoked",
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "handoff_recipients",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("office", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("age_recipient", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_handoff_recipients_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_recipients")),
        sa.UniqueConstraint("jurisdiction", "email", name=op.f("uq_handoff_recipients_jurisdiction")),
    )
    with op.batch_alter_table("handoff_recipients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_recipients_jurisdiction"), ["jurisdiction"], unique=False
        )

    op.create_table(
        "shares",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("package_id", sa.String(length=32), nullable=False),
        sa.Column("submission_id", sa.String(length=32), nullable=True),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.String(length=32), nullable=False),
        sa.Column("recipient_id", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=4), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("factor", _enum("share_factor", "code", "age"), nullable=False),
        sa.Column("age_recipient", sa.String(length=120), nullable=True),
        sa.Column("state", _enum("share_state", "active", "revoked", "expired", "locked"), nullable=False),
        sa.Column("expires_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("max_downloads", sa.Integer(), nullable=False),
        sa.Column("downloads_started", sa.Integer(), nullable=False),
        sa.Column("downloads_completed", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("codes_sent", sa.Integer(), nullable=False),
        sa.Column("failed_codes", sa.Integer(), nullable=False),
        sa.Column("grant_hash", sa.String(length=64), nullable=True),
        sa.Column("grant_expires_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("actor", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=32), nullable=True),
        sa.Column("last_access_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_files.id"], name=op.f("fk_shares_case_id_case_files"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_shares_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["package_id"], ["packages.id"], name=op.f("fk_shares_package_id_packages"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["handoff_recipients.id"],
            name=op.f("fk_shares_recipient_id_handoff_recipients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_shares_submission_id_submissions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shares")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_shares_token_hash")),
    )
    with op.batch_alter_table("shares", schema=None) as batch_op:
        for column in ("package_id", "submission_id", "case_id", "recipient_id", "state", "expires_at"):
            batch_op.create_index(batch_op.f(f"ix_shares_{column}"), [column], unique=False)

    op.create_table(
        "share_access_events",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("share_id", sa.String(length=32), nullable=False),
        sa.Column("submission_id", sa.String(length=32), nullable=True),
        sa.Column("at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", _enum("share_access_kind", *ACCESS_KINDS), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.Column("bytes", sa.BigInteger(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("actor_user_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["share_id"],
            ["shares.id"],
            name=op.f("fk_share_access_events_share_id_shares"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_access_events")),
    )
    with op.batch_alter_table("share_access_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_share_access_events_share_id"), ["share_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_share_access_events_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "share_rate_limits",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("window_start", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_share_rate_limits")),
    )

    # The first complete download of a link records the submission as sent "by secure link".
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.alter_column(
            "channel",
            existing_type=_enum("submission_channel", *CHANNELS),
            type_=_enum("submission_channel", *CHANNELS, "secure_link"),
            existing_nullable=True,
        )


def downgrade() -> None:
    # The older schema has no such channel: those submissions read as sent by e-mail.
    op.execute("UPDATE submissions SET channel = 'email' WHERE channel = 'secure_link'")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.alter_column(
            "channel",
            existing_type=_enum("submission_channel", *CHANNELS, "secure_link"),
            type_=_enum("submission_channel", *CHANNELS),
            existing_nullable=True,
        )
    op.drop_table("share_rate_limits")
    with op.batch_alter_table("share_access_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_share_access_events_submission_id"))
        batch_op.drop_index(batch_op.f("ix_share_access_events_share_id"))
    op.drop_table("share_access_events")
    with op.batch_alter_table("shares", schema=None) as batch_op:
        for column in ("expires_at", "state", "recipient_id", "case_id", "submission_id", "package_id"):
            batch_op.drop_index(batch_op.f(f"ix_shares_{column}"))
    op.drop_table("shares")
    with op.batch_alter_table("handoff_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_recipients_jurisdiction"))
    op.drop_table("handoff_recipients")
