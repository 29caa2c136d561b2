"""query speed: covering indexes for the per-case analytics, the default review queue's own index

Revision ID: 0013_query_speed
Revises: 0012_analytics
Create Date: 2026-12-01 16:00:00

- `ix_case_files_reviewable_order` (both databases): the default queue (submitted and in review, oldest
  first) read in index order from an index holding only those cases, however many cases are past
  review (`ix_case_files_status_changed_at` walks every older case, approved or not, to fill a page).
- PostgreSQL covering indexes (`INCLUDE`), so the per-case aggregates of the analytics
  (victim_recognition, review_operations: one group per case over its submissions or decisions) are
  index-only scans in case order, merge-joined and grouped as they stream
  (app/workflows/analytics/metrics.py `_merge_joined`):
  - `ix_case_files_id_cover`: a case's id with the columns those queries scope, filter and group by;
  - `ix_submissions_case_cover`: a submission's case with its sending date, status and jurisdiction;
  - `ix_review_decisions_case_cover`: a decision's case with its time and kind.
  SQLite has no INCLUDE and is not the database these figures are measured on: nothing there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_query_speed"
down_revision = "0012_analytics"
branch_labels = None
depends_on = None

REVIEWABLE = sa.text("status IN ('submitted', 'in_review') AND first_submitted_at IS NOT NULL")

COVERING = {
    "ix_case_files_id_cover": (
        "case_files",
        "id",
        "first_submitted_at, org_id, groups_key, categories_key, countries_key, jurisdictions_key",
    ),
    "ix_submissions_case_cover": ("submissions", "case_id", "sent_on, status, jurisdiction"),
    "ix_review_decisions_case_cover": ("review_decisions", "case_id", "created_at, decision"),
}


def upgrade() -> None:
    op.create_index(
        "ix_case_files_reviewable_order",
        "case_files",
        ["status_changed_at", "id"],
        postgresql_where=REVIEWABLE,
        sqlite_where=REVIEWABLE,
    )
    if op.get_bind().dialect.name == "postgresql":
        for name, (table, key, include) in COVERING.items():
            op.execute(f"CREATE INDEX {name} ON {table} ({key}) INCLUDE ({include})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in COVERING:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_case_files_reviewable_order", table_name="case_files")
