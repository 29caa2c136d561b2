"""official sanctions lists: lists, versions, entries, changes, blocking keys, cross-list and designation
matches

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01 09:32:20.361327
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sanctions_lists",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("jurisdiction", sa.String(length=4), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("current_version_id", sa.String(length=32), nullable=True),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("last_fetch_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_fetch_status", sa.String(length=20), nullable=True),
        sa.Column("last_fetch_error", sa.Text(), nullable=True),
        sa.Column("fetch_failures", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanctions_lists")),
        sa.UniqueConstraint("name", name=op.f("uq_sanctions_lists_name")),
    )
    with op.batch_alter_table("sanctions_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sanctions_lists_jurisdiction"), ["jurisdiction"], unique=False)

    op.create_table(
        "list_entries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("sanctions_list_id", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=4), nullable=False),
        sa.Column("list_id", sa.String(length=100), nullable=False),
        sa.Column("schema", sa.String(length=40), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("programmes", sa.JSON(), nullable=False),
        sa.Column("programme_key", sa.String(length=1000), nullable=False),
        sa.Column("magnitsky", sa.Boolean(), nullable=False),
        sa.Column("listing_date", sa.Date(), nullable=True),
        sa.Column("countries_key", sa.String(length=500), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("other_ids", sa.JSON(), nullable=False),
        sa.Column("entity", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("first_version_id", sa.String(length=32), nullable=False),
        sa.Column("last_version_id", sa.String(length=32), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("removed_version_id", sa.String(length=32), nullable=True),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sanctions_list_id"],
            ["sanctions_lists.id"],
            name=op.f("fk_list_entries_sanctions_list_id_sanctions_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_entries")),
        sa.UniqueConstraint("sanctions_list_id", "list_id", name=op.f("uq_list_entries_sanctions_list_id")),
    )
    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_entries_jurisdiction"), ["jurisdiction"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_entries_magnitsky"), ["magnitsky"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_entries_removed"), ["removed"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_list_entries_sanctions_list_id"), ["sanctions_list_id"], unique=False
        )

    op.create_table(
        "list_versions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("sanctions_list_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "imported",
                "failed",
                name="list_version_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("list_format", sa.String(length=20), nullable=True),
        sa.Column("source", sa.String(length=2000), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("imported_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=32), nullable=True),
        sa.Column("previous_version_id", sa.String(length=32), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("amended", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("matched_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["sanctions_list_id"],
            ["sanctions_lists.id"],
            name=op.f("fk_list_versions_sanctions_list_id_sanctions_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_versions")),
        sa.UniqueConstraint("sanctions_list_id", "seq", name=op.f("uq_list_versions_sanctions_list_id")),
    )
    with op.batch_alter_table("list_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_list_versions_sanctions_list_id"), ["sanctions_list_id"], unique=False
        )

    op.create_table(
        "blocking_keys",
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["list_entries.id"],
            name=op.f("fk_blocking_keys_entry_id_list_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "key", name=op.f("pk_blocking_keys")),
    )
    with op.batch_alter_table("blocking_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blocking_keys_key"), ["key"], unique=False)

    op.create_table(
        "cross_list_matches",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("other_entry_id", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("algorithm", sa.String(length=40), nullable=False),
        sa.Column("algorithm_version", sa.String(length=40), nullable=False),
        sa.Column("explanations", sa.JSON(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["list_entries.id"],
            name=op.f("fk_cross_list_matches_entry_id_list_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_entry_id"],
            ["list_entries.id"],
            name=op.f("fk_cross_list_matches_other_entry_id_list_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cross_list_matches")),
        sa.UniqueConstraint("entry_id", "other_entry_id", name=op.f("uq_cross_list_matches_entry_id")),
    )
    with op.batch_alter_table("cross_list_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cross_list_matches_band"), ["band"], unique=False)
        batch_op.create_index(batch_op.f("ix_cross_list_matches_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cross_list_matches_other_entry_id"), ["other_entry_id"], unique=False
        )

    op.create_table(
        "list_changes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "added",
                "removed",
                "amended",
                name="list_change_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("previous_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["list_entries.id"],
            name=op.f("fk_list_changes_entry_id_list_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["list_versions.id"],
            name=op.f("fk_list_changes_version_id_list_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_changes")),
    )
    with op.batch_alter_table("list_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_changes_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_changes_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_changes_version_id"), ["version_id"], unique=False)

    op.create_table(
        "designation_matches",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("perpetrator_id", sa.String(length=64), nullable=False),
        sa.Column("perpetrator_name", sa.String(length=500), nullable=True),
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=4), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("algorithm", sa.String(length=40), nullable=False),
        sa.Column("algorithm_version", sa.String(length=40), nullable=False),
        sa.Column("explanations", sa.JSON(), nullable=False),
        sa.Column("entry_fingerprint", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "candidate",
                "confirmed",
                "rejected",
                name="designation_match_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("decided_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("submission_id", sa.String(length=32), nullable=True),
        sa.Column("civil_society_basis", sa.Boolean(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_files.id"],
            name=op.f("fk_designation_matches_case_id_case_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["list_entries.id"],
            name=op.f("fk_designation_matches_entry_id_list_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_designation_matches_submission_id_submissions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation_matches")),
        sa.UniqueConstraint(
            "case_id", "perpetrator_id", "entry_id", name=op.f("uq_designation_matches_case_id")
        ),
    )
    with op.batch_alter_table("designation_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_designation_matches_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_designation_matches_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_designation_matches_jurisdiction"), ["jurisdiction"], unique=False
        )
        batch_op.create_index("ix_designation_matches_status_band", ["status", "band"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("designation_matches", schema=None) as batch_op:
        batch_op.drop_index("ix_designation_matches_status_band")
        batch_op.drop_index(batch_op.f("ix_designation_matches_jurisdiction"))
        batch_op.drop_index(batch_op.f("ix_designation_matches_entry_id"))
        batch_op.drop_index(batch_op.f("ix_designation_matches_case_id"))

    op.drop_table("designation_matches")
    with op.batch_alter_table("list_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_changes_version_id"))
        batch_op.drop_index(batch_op.f("ix_list_changes_kind"))
        batch_op.drop_index(batch_op.f("ix_list_changes_entry_id"))

    op.drop_table("list_changes")
    with op.batch_alter_table("cross_list_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cross_list_matches_other_entry_id"))
        batch_op.drop_index(batch_op.f("ix_cross_list_matches_entry_id"))
        batch_op.drop_index(batch_op.f("ix_cross_list_matches_band"))

    op.drop_table("cross_list_matches")
    with op.batch_alter_table("blocking_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blocking_keys_key"))

    op.drop_table("blocking_keys")
    with op.batch_alter_table("list_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_versions_sanctions_list_id"))

    op.drop_table("list_versions")
    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_entries_sanctions_list_id"))
        batch_op.drop_index(batch_op.f("ix_list_entries_removed"))
        batch_op.drop_index(batch_op.f("ix_list_entries_magnitsky"))
        batch_op.drop_index(batch_op.f("ix_list_entries_jurisdiction"))

    op.drop_table("list_entries")
    with op.batch_alter_table("sanctions_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sanctions_lists_jurisdiction"))

    op.drop_table("sanctions_lists")
