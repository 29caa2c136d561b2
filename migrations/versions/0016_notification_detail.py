"""notification detail: what a notification says, as codes and values, for the interface's language (#15)

Revision ID: 0016_notification_detail
Revises: 0015_recommendation_keys
Create Date: 2026-12-01 19:30:00

In-app notifications stored an English title and body ("Status: under_consideration (us)"). The new
`detail` column holds the kind's values (case title, submission status, jurisdiction, reason, notice),
which the web app words in the reader's language; existing rows keep their English text (no detail).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_notification_detail"
down_revision = "0015_recommendation_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("detail", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("detail")
