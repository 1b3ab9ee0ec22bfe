"""The registration side's tables (registered on the store's one ``metadata``).

* ``organization``: a sponsor organization that owns records; ``account``: a person who signs in,
  belonging to one organization (sponsor side) or to none (registry staff); ``account_role``: what
  they may do (``trialbase.registry.roles``).
* ``web_session``: a signed-in browser (the cookie's token is kept only as its SHA-256 hash) with
  its CSRF token; ``api_token``: an organization's token for system-to-system submission (hash
  only; revoked, never deleted); ``password_reset``: a one-time token printed by the CLI (hash only).
* ``login_attempt``: every sign-in attempt by user name and client address, what lockout and
  throttling count (an administrator's unlock is recorded here too).
* ``draft``: a registration record: the v2 document being edited (JSON text), its workflow state,
  its owner organization and, once published, its NCT number. Rows are never removed: deleting a
  draft marks it deleted.
* ``review_comment``: a reviewer's comment on a field path of a record, with the sponsor's answer.
* ``audit_event``: every action, who, what, when, and the values before and after (JSON text).

Migration ``0004`` creates exactly these tables (a test compares).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
)

from trialbase.store.schema import NCT_ID, metadata

TOKEN_HASH = String(64)  # hex SHA-256

organization = Table(
    "organization",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),  # stored lower-case
    Column("display_name", Text, nullable=False),
    Column(
        "organization_id",
        Integer,
        ForeignKey("organization.id", name="fk_account_organization"),
        nullable=True,
    ),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False, server_default=false()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
    Index("ix_account_organization_id", "organization_id"),
)

account_role = Table(
    "account_role",
    metadata,
    Column("account_id", Integer, ForeignKey("account.id", name="fk_account_role_account"), primary_key=True),
    Column("role", String(32), primary_key=True),
)

web_session = Table(
    "web_session",
    metadata,
    Column("token_hash", TOKEN_HASH, primary_key=True),
    Column("account_id", Integer, ForeignKey("account.id", name="fk_web_session_account"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Index("ix_web_session_account_id", "account_id"),
)

api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", TOKEN_HASH, nullable=False, unique=True),
    Column(
        "organization_id",
        Integer,
        ForeignKey("organization.id", name="fk_api_token_organization"),
        nullable=False,
    ),
    Column("name", Text, nullable=False),
    Column("created_by", Integer, ForeignKey("account.id", name="fk_api_token_account"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

password_reset = Table(
    "password_reset",
    metadata,
    Column("token_hash", TOKEN_HASH, primary_key=True),
    Column("account_id", Integer, ForeignKey("account.id", name="fk_password_reset_account"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)

login_attempt = Table(
    "login_attempt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),  # as typed, lower-cased; need not exist
    Column("client", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),  # "success" | "failure" | "unlock"
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Index("ix_login_attempt_username_attempted_at", "username", "attempted_at"),
    Index("ix_login_attempt_client_attempted_at", "client", "attempted_at"),
)

draft = Table(
    "draft",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "organization_id",
        Integer,
        ForeignKey("organization.id", name="fk_draft_organization"),
        nullable=False,
    ),
    Column("state", String(32), nullable=False),
    Column("document", Text, nullable=False),  # the v2 document being edited, JSON
    Column("nct_id", NCT_ID, nullable=True, unique=True),  # assigned when first published
    Column("revision", Integer, nullable=False),  # +1 on every change (stale form posts are refused)
    Column("review_round", Integer, nullable=False, default=0, server_default="0"),
    Column("published_version", Integer, nullable=True),
    Column("released_at", DateTime(timezone=True), nullable=True),  # orders the review queue
    Column("created_by", Integer, ForeignKey("account.id", name="fk_draft_created_by"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index("ix_draft_organization_id", "organization_id"),
    Index("ix_draft_state_released_at", "state", "released_at"),
)

review_comment = Table(
    "review_comment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("draft.id", name="fk_review_comment_draft"), nullable=False),
    Column("review_round", Integer, nullable=False),
    Column("path", Text, nullable=False),  # a v2 field path, "" for the whole record
    Column("severity", String(16), nullable=False),  # "major" | "advisory"
    Column("body", Text, nullable=False),
    Column("author_id", Integer, ForeignKey("account.id", name="fk_review_comment_author"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("response", Text, nullable=True),
    Column(
        "responded_by", Integer, ForeignKey("account.id", name="fk_review_comment_responder"), nullable=True
    ),
    Column("responded_at", DateTime(timezone=True), nullable=True),
    Index("ix_review_comment_draft_id", "draft_id"),
)

audit_event = Table(
    "audit_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("account_id", Integer, nullable=True),  # no foreign key: the log outlives what it names
    Column("actor", Text, nullable=False),  # user name, "api-token:<id>" or "cli"
    Column("organization_id", Integer, nullable=True),
    Column("action", String(64), nullable=False),
    Column("target", Text, nullable=False),  # e.g. "draft:12", "account:3"
    Column("before", Text, nullable=True),  # JSON
    Column("after", Text, nullable=True),  # JSON
    Index("ix_audit_event_target", "target"),
    Index("ix_audit_event_organization_id", "organization_id"),
)
