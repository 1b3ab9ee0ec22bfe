"""Every setting Trialbase reads, as data: name, default, environment variable and help.

The CLI's ``--help``, ``trialbase settings`` and docs/settings.md are generated from ``SETTINGS``;
a test fails if the docs fall behind. Read values with ``Settings.from_environ()``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

_Number = TypeVar("_Number", int, float)


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir",
        "var",
        "TRIALBASE_DATA_DIR",
        "Folder for the embedded database and the search index (relative to the working directory).",
    ),
    Setting(
        "database_url",
        "",
        "TRIALBASE_DATABASE_URL",
        "SQLAlchemy URL of the store. Empty: an SQLite file `trialbase.sqlite` in the data folder. "
        "PostgreSQL: postgresql+psycopg://user@host:5432/dbname",
    ),
    Setting("host", "127.0.0.1", "TRIALBASE_HOST", "Address `trialbase serve` listens on."),
    Setting("port", "8000", "TRIALBASE_PORT", "Port `trialbase serve` listens on."),
    Setting(
        "sync_base_url",
        "https://clinicaltrials.gov/api/v2",
        "TRIALBASE_SYNC_BASE_URL",
        "ClinicalTrials.gov API v2 base URL that `trialbase sync` pulls from.",
    ),
    Setting(
        "sync_requests_per_second",
        "3",
        "TRIALBASE_SYNC_REQUESTS_PER_SECOND",
        "Upper bound on requests per second `trialbase sync` sends (be polite to the source).",
    ),
    Setting(
        "import_batch_size",
        "500",
        "TRIALBASE_IMPORT_BATCH_SIZE",
        "Studies written per transaction during imports; a batch lands whole or not at all.",
    ),
    # Protection of the HTTP server (read by trialbase.api.protection.config).
    Setting(
        "max_url_bytes",
        "12288",
        "TRIALBASE_MAX_URL_BYTES",
        "Longest request target (path and query string) the server answers, in bytes; longer: 414.",
    ),
    Setting(
        "max_body_bytes",
        "1048576",
        "TRIALBASE_MAX_BODY_BYTES",
        "Largest request body the server accepts, in bytes; larger: 413.",
    ),
    Setting(
        "request_timeout_seconds",
        "30",
        "TRIALBASE_REQUEST_TIMEOUT_SECONDS",
        "A request not answered within this many seconds gets a 503 saying so.",
    ),
    Setting(
        "rate_limit_per_minute",
        "120",
        "TRIALBASE_RATE_LIMIT_PER_MINUTE",
        "Requests per minute each client address may make on average (token bucket); 0 turns it off.",
    ),
    Setting(
        "rate_limit_burst",
        "60",
        "TRIALBASE_RATE_LIMIT_BURST",
        "Requests a client may make at once before the per-minute rate applies (the bucket's size).",
    ),
    Setting(
        "rate_limit_localhost",
        "false",
        "TRIALBASE_RATE_LIMIT_LOCALHOST",
        "Whether requests from this machine (127.0.0.1, ::1) are rate-limited too (true or false).",
    ),
    Setting(
        "query_max_words",
        "200",
        "TRIALBASE_QUERY_MAX_WORDS",
        "Most words one query expression (API query.*, filter.advanced; website search fields) "
        "may hold; more: refused.",
    ),
    Setting(
        "query_max_nodes",
        "500",
        "TRIALBASE_QUERY_MAX_NODES",
        "Most operators and terms one query expression (API or website) may hold; more: refused.",
    ),
    Setting(
        "query_max_depth",
        "16",
        "TRIALBASE_QUERY_MAX_DEPTH",
        "Deepest nesting of operators and parentheses one query expression (API or website) may "
        "have; deeper: refused.",
    ),
    # Registration (read by trialbase.registry.config).
    Setting(
        "session_lifetime_minutes",
        "480",
        "TRIALBASE_SESSION_LIFETIME_MINUTES",
        "How long a sign-in to the registration pages (/prs) lasts, in minutes, before signing in again.",
    ),
    Setting(
        "login_failure_limit",
        "5",
        "TRIALBASE_LOGIN_FAILURE_LIMIT",
        "Failed sign-ins in a row, within the failure window, after which a user name is locked out.",
    ),
    Setting(
        "login_failure_window_minutes",
        "15",
        "TRIALBASE_LOGIN_FAILURE_WINDOW_MINUTES",
        "Minutes over which failed sign-ins of one user name (and attempts from one address) are counted.",
    ),
    Setting(
        "login_lockout_minutes",
        "15",
        "TRIALBASE_LOGIN_LOCKOUT_MINUTES",
        "Minutes a locked-out user name stays locked after its last failure (a password reset unlocks).",
    ),
    Setting(
        "login_client_limit",
        "30",
        "TRIALBASE_LOGIN_CLIENT_LIMIT",
        "Sign-in attempts one client address may make within the failure window; more are refused (429).",
    ),
    Setting(
        "password_reset_hours",
        "24",
        "TRIALBASE_PASSWORD_RESET_HOURS",
        "Hours a password reset token printed by `trialbase users reset-password` stays usable.",
    ),
    Setting(
        "registry_first_nct_number",
        "NCT80000001",
        "TRIALBASE_REGISTRY_FIRST_NCT_NUMBER",
        "The first NCT number the registry assigns when it publishes a record; later ones count up from it.",
    ),
    Setting(
        "password_hash_memory_kib",
        "65536",
        "TRIALBASE_PASSWORD_HASH_MEMORY_KIB",
        "Memory one argon2id password hash uses, in KiB (new passwords only; old hashes keep theirs).",
    ),
    Setting(
        "password_hash_time_cost",
        "3",
        "TRIALBASE_PASSWORD_HASH_TIME_COST",
        "Passes over that memory one argon2id password hash makes (new passwords only).",
    ),
)


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    host: str
    port: int
    sync_base_url: str
    sync_requests_per_second: float
    import_batch_size: int

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        raw = {setting.name: env.get(setting.env, setting.default) for setting in SETTINGS}
        data_dir = Path(raw["data_dir"])
        database_url = raw["database_url"] or f"sqlite:///{data_dir / 'trialbase.sqlite'}"
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            host=raw["host"],
            port=_number(raw["port"], "TRIALBASE_PORT", int),
            sync_base_url=raw["sync_base_url"],
            sync_requests_per_second=_number(
                raw["sync_requests_per_second"], "TRIALBASE_SYNC_REQUESTS_PER_SECOND", float
            ),
            import_batch_size=_number(raw["import_batch_size"], "TRIALBASE_IMPORT_BATCH_SIZE", int),
        )


def _number(text: str, env: str, kind: type[_Number]) -> _Number:
    try:
        value = kind(text)
    except ValueError:
        raise SettingError(f"{env}={text!r} is not a number") from None
    if value <= 0:
        raise SettingError(f"{env}={text!r} must be greater than zero")
    return value


class SettingError(ValueError):
    """A setting with a value that cannot be used."""


def settings_markdown() -> str:
    """The settings table for docs/settings.md."""
    lines = [
        "# Settings",
        "",
        "Generated from `trialbase.settings.SETTINGS` (`trialbase settings --markdown`);",
        "a test keeps it current.",
        "",
        "| Environment variable | Default | What it does |",
        "|---|---|---|",
    ]
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default else "(empty)"
        lines.append(f"| `{setting.env}` | {default} | {setting.help} |")
    return "\n".join(lines) + "\n"
