"""scale: trigram search index, an index-only count of the coalition's cases per state, the queue's order

Revision ID: 0011_scale_indexes
Revises: 0010_integrations
Create Date: 2026-12-01 12:30:00

- `ix_case_files_search_text_trgm` (PostgreSQL, pg_trgm GIN): the case search (`q`) is a substring
  match on `search_text`, which holds the title and every perpetrator's (and victim's…) names, each
  folded and with its transliterated copy (app/workflows/cases.py `_denormalise`): one trigram index
  serves title and name search and keeps the transliteration behaviour ("Ivanov" finds "Иванов").
- `ix_case_files_coalition_status`: the cases the coalition sees (`first_submitted_at IS NOT NULL`)
  by state, so the queue's per-state counts are an index-only scan, never a read of the table.
- `ix_case_files_status_order`: (status, status_changed_at, id), the queue's default page (the
  reviewable states, oldest first) read in index order.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_scale_indexes"
down_revision = "0010_integrations"
branch_labels = None
depends_on = None

COALITION_SEES = sa.text("first_submitted_at IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_case_files_coalition_status",
        "case_files",
        ["status"],
        postgresql_where=COALITION_SEES,
        sqlite_where=COALITION_SEES,
    )
    op.create_index("ix_case_files_status_order", "case_files", ["status", "status_changed_at", "id"])
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_case_files_search_text_trgm ON case_files USING gin (search_text gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_case_files_search_text_trgm")
    op.drop_index("ix_case_files_status_order", table_name="case_files")
    op.drop_index("ix_case_files_coalition_status", table_name="case_files")
