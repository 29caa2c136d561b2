"""recommendation keys: a submission carries its case's organisation and keys (issue #18)

Revision ID: 0015_recommendation_keys
Revises: 0014_password_reset
Create Date: 2026-12-01 19:00:00

The analytics count recommendations (submissions with a sending date) by the case's organisation,
abuse categories, victim groups and countries. Joining 300,000 submissions to 100,000 cases for each
figure was most of its cost (bench/analytics.py); with copies of those four columns on the submission
(kept equal by app/workflows/cases.py and the package build), a figure reads one table. Existing rows
are filled from their case here.

PostgreSQL: `ix_submissions_case_cover` (0013) also holds the groups key, so the victims' figure groups
a case's submissions as an index-only scan in case order streams them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_recommendation_keys"
down_revision = "0014_password_reset"
branch_labels = None
depends_on = None

COLUMNS = {
    "org_id": sa.String(length=32),
    "categories_key": sa.String(length=1000),
    "groups_key": sa.String(length=500),
    "countries_key": sa.String(length=1000),
}


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        for name, type_ in COLUMNS.items():
            default = "" if name == "org_id" else "|"
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=default))
    # Correlated subqueries: the same statement on PostgreSQL and SQLite.
    op.execute(
        """
        UPDATE submissions SET
            org_id = (SELECT c.org_id FROM case_files c WHERE c.id = submissions.case_id),
            categories_key = (SELECT c.categories_key FROM case_files c WHERE c.id = submissions.case_id),
            groups_key = (SELECT c.groups_key FROM case_files c WHERE c.id = submissions.case_id),
            countries_key = (SELECT c.countries_key FROM case_files c WHERE c.id = submissions.case_id)
        """
    )
    with op.batch_alter_table("submissions") as batch:
        for name in COLUMNS:
            batch.alter_column(name, server_default=None)
    op.create_index("ix_submissions_org_id", "submissions", ["org_id"])
    _cover("sent_on, status, jurisdiction, groups_key")


def _cover(include: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_submissions_case_cover")
        op.execute(f"CREATE INDEX ix_submissions_case_cover ON submissions (case_id) INCLUDE ({include})")


def downgrade() -> None:
    _cover("sent_on, status, jurisdiction")
    op.drop_index("ix_submissions_org_id", table_name="submissions")
    with op.batch_alter_table("submissions") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
