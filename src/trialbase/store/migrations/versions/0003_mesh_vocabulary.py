"""The MeSH vocabulary: descriptors, their tree numbers and entry terms, and which one is loaded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DESCRIPTOR_ID = sa.String(10)


def upgrade() -> None:
    op.create_table(
        "mesh_vocabulary",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("descriptor_count", sa.Integer, nullable=False),
        sa.Column("term_count", sa.Integer, nullable=False),
        sa.Column("tree_number_count", sa.Integer, nullable=False),
        sa.Column("term_key_version", sa.Integer, nullable=False),
    )
    op.create_table(
        "mesh_descriptor",
        sa.Column("descriptor_id", DESCRIPTOR_ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_table(
        "mesh_tree_number",
        sa.Column("tree_number", sa.String(64), primary_key=True),
        sa.Column("descriptor_id", DESCRIPTOR_ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["descriptor_id"], ["mesh_descriptor.descriptor_id"], name="fk_mesh_tree_number_descriptor"
        ),
    )
    op.create_index("ix_mesh_tree_number_descriptor_id", "mesh_tree_number", ["descriptor_id"])
    op.create_table(
        "mesh_entry_term",
        sa.Column("descriptor_id", DESCRIPTOR_ID, primary_key=True),
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("term_key", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["descriptor_id"], ["mesh_descriptor.descriptor_id"], name="fk_mesh_entry_term_descriptor"
        ),
    )
    op.create_index("ix_mesh_entry_term_term_key", "mesh_entry_term", ["term_key"])


def downgrade() -> None:
    op.drop_index("ix_mesh_entry_term_term_key", table_name="mesh_entry_term")
    op.drop_table("mesh_entry_term")
    op.drop_index("ix_mesh_tree_number_descriptor_id", table_name="mesh_tree_number")
    op.drop_table("mesh_tree_number")
    op.drop_table("mesh_descriptor")
    op.drop_table("mesh_vocabulary")
