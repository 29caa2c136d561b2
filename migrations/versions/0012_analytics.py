"""analytics: an organisation's consent to be named in the public aggregates

Revision ID: 0012_analytics
Revises: 0011_scale_indexes
Create Date: 2026-12-01 12:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0012_analytics"
down_revision = "0011_scale_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_publication",
        sa.Column(
            "org_id",
            sa.String(32),
            sa.ForeignKey("organizations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("named", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("updated_by", sa.String(32), nullable=True),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("analytics_publication")
