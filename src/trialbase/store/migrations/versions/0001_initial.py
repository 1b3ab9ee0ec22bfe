"""The study store: versions, the current pointer with derived columns, the change log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NCT_ID = sa.String(11)
PARTIAL_DATE = sa.String(10)


def upgrade() -> None:
    op.create_table(
        "study",
        sa.Column("nct_id", NCT_ID, primary_key=True),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("synthetic", sa.Boolean, nullable=False),
        sa.Column("first_recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("brief_title", sa.Text),
        sa.Column("overall_status", sa.String(32)),
        sa.Column("study_type", sa.String(32)),
        sa.Column("phases", sa.String(64)),
        sa.Column("lead_sponsor_name", sa.Text),
        sa.Column("lead_sponsor_class", sa.String(16)),
        sa.Column("enrollment", sa.Integer),
        sa.Column("start_date", PARTIAL_DATE),
        sa.Column("primary_completion_date", PARTIAL_DATE),
        sa.Column("completion_date", PARTIAL_DATE),
        sa.Column("first_post_date", PARTIAL_DATE),
        sa.Column("last_update_post_date", PARTIAL_DATE),
        sa.Column("results_first_post_date", PARTIAL_DATE),
        sa.Column("status_verified_date", PARTIAL_DATE),
        sa.Column("has_results", sa.Boolean, nullable=False),
        sa.Column("sex", sa.String(8)),
        sa.Column("minimum_age_days", sa.Float),
        sa.Column("maximum_age_days", sa.Float),
        sa.Column("healthy_volunteers", sa.Boolean),
    )
    op.create_index("ix_study_overall_status", "study", ["overall_status"])
    op.create_index("ix_study_last_update_post_date", "study", ["last_update_post_date"])
    op.create_index("ix_study_first_post_date", "study", ["first_post_date"])
    op.create_table(
        "study_version",
        sa.Column("nct_id", NCT_ID, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
        sa.Column("last_update_post_date", PARTIAL_DATE),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provenance", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["nct_id"], ["study.nct_id"], name="fk_study_version_study"),
    )
    op.create_table(
        "change_log",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("nct_id", NCT_ID, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["nct_id", "version"],
            ["study_version.nct_id", "study_version.version"],
            name="fk_change_log_study_version",
        ),
    )
    op.create_index("ix_change_log_nct_id", "change_log", ["nct_id"])
    op.create_table(
        "study_alias",
        sa.Column("alias", NCT_ID, primary_key=True),
        sa.Column("nct_id", NCT_ID, nullable=False),
        sa.ForeignKeyConstraint(["nct_id"], ["study.nct_id"], name="fk_study_alias_study"),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_table("study_alias")
    op.drop_index("ix_change_log_nct_id", table_name="change_log")
    op.drop_table("change_log")
    op.drop_table("study_version")
    op.drop_index("ix_study_first_post_date", table_name="study")
    op.drop_index("ix_study_last_update_post_date", table_name="study")
    op.drop_index("ix_study_overall_status", table_name="study")
    op.drop_table("study")
