"""Registration: organizations, accounts and roles, sessions, API tokens, login attempts, drafts,
review comments and the audit log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NCT_ID = sa.String(11)
TOKEN_HASH = sa.String(64)
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("organization_id", sa.Integer, nullable=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("password_changed_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name="fk_account_organization"),
    )
    op.create_index("ix_account_organization_id", "account", ["organization_id"])
    op.create_table(
        "account_role",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="fk_account_role_account"),
    )
    op.create_table(
        "web_session",
        sa.Column("token_hash", TOKEN_HASH, primary_key=True),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="fk_web_session_account"),
    )
    op.create_index("ix_web_session_account_id", "web_session", ["account_id"])
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", TOKEN_HASH, nullable=False, unique=True),
        sa.Column("organization_id", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name="fk_api_token_organization"),
        sa.ForeignKeyConstraint(["created_by"], ["account.id"], name="fk_api_token_account"),
    )
    op.create_table(
        "password_reset",
        sa.Column("token_hash", TOKEN_HASH, primary_key=True),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="fk_password_reset_account"),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("attempted_at", WHEN, nullable=False),
    )
    op.create_index("ix_login_attempt_username_attempted_at", "login_attempt", ["username", "attempted_at"])
    op.create_index("ix_login_attempt_client_attempted_at", "login_attempt", ["client", "attempted_at"])
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("organization_id", sa.Integer, nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("nct_id", NCT_ID, nullable=True, unique=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("review_round", sa.Integer, nullable=False, server_default="0"),
        sa.Column("published_version", sa.Integer, nullable=True),
        sa.Column("released_at", WHEN, nullable=True),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("deleted_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name="fk_draft_organization"),
        sa.ForeignKeyConstraint(["created_by"], ["account.id"], name="fk_draft_created_by"),
    )
    op.create_index("ix_draft_organization_id", "draft", ["organization_id"])
    op.create_index("ix_draft_state_released_at", "draft", ["state", "released_at"])
    op.create_table(
        "review_comment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, nullable=False),
        sa.Column("review_round", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("response", sa.Text, nullable=True),
        sa.Column("responded_by", sa.Integer, nullable=True),
        sa.Column("responded_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name="fk_review_comment_draft"),
        sa.ForeignKeyConstraint(["author_id"], ["account.id"], name="fk_review_comment_author"),
        sa.ForeignKeyConstraint(["responded_by"], ["account.id"], name="fk_review_comment_responder"),
    )
    op.create_index("ix_review_comment_draft_id", "review_comment", ["draft_id"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("account_id", sa.Integer, nullable=True),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("organization_id", sa.Integer, nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("before", sa.Text, nullable=True),
        sa.Column("after", sa.Text, nullable=True),
    )
    op.create_index("ix_audit_event_target", "audit_event", ["target"])
    op.create_index("ix_audit_event_organization_id", "audit_event", ["organization_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_organization_id", table_name="audit_event")
    op.drop_index("ix_audit_event_target", table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_index("ix_review_comment_draft_id", table_name="review_comment")
    op.drop_table("review_comment")
    op.drop_index("ix_draft_state_released_at", table_name="draft")
    op.drop_index("ix_draft_organization_id", table_name="draft")
    op.drop_table("draft")
    op.drop_index("ix_login_attempt_client_attempted_at", table_name="login_attempt")
    op.drop_index("ix_login_attempt_username_attempted_at", table_name="login_attempt")
    op.drop_table("login_attempt")
    op.drop_table("password_reset")
    op.drop_table("api_token")
    op.drop_index("ix_web_session_account_id", table_name="web_session")
    op.drop_table("web_session")
    op.drop_table("account_role")
    op.drop_index("ix_account_organization_id", table_name="account")
    op.drop_table("account")
    op.drop_table("organization")
