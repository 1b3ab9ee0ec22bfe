"""Protection settings come from the settings table and refuse values they cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialbase.api.protection import ProtectionSettings
from trialbase.search.complexity import ComplexityLimits
from trialbase.settings import SETTINGS, SettingError


def test_the_defaults_are_the_settings_tables() -> None:
    assert ProtectionSettings.from_environ({}) == ProtectionSettings()
    names = {setting.name for setting in SETTINGS}
    assert {"max_url_bytes", "rate_limit_per_minute", "rate_limit_localhost", "query_max_depth"} <= names


def test_values_are_read_from_the_environment() -> None:
    settings = ProtectionSettings.from_environ(
        {
            "TRIALBASE_MAX_URL_BYTES": "4000",
            "TRIALBASE_MAX_BODY_BYTES": "10",
            "TRIALBASE_REQUEST_TIMEOUT_SECONDS": "2.5",
            "TRIALBASE_RATE_LIMIT_PER_MINUTE": "0",
            "TRIALBASE_RATE_LIMIT_BURST": "5",
            "TRIALBASE_RATE_LIMIT_LOCALHOST": "TRUE",
            "TRIALBASE_QUERY_MAX_WORDS": "7",
            "TRIALBASE_QUERY_MAX_NODES": "8",
            "TRIALBASE_QUERY_MAX_DEPTH": "9",
        }
    )
    assert settings == ProtectionSettings(
        max_url_bytes=4000,
        max_body_bytes=10,
        request_timeout_seconds=2.5,
        rate_limit_per_minute=0,
        rate_limit_burst=5,
        rate_limit_localhost=True,
        query_limits=ComplexityLimits(max_words=7, max_nodes=8, max_depth=9),
    )


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("TRIALBASE_MAX_URL_BYTES", "lots", "is not a whole number"),
        ("TRIALBASE_MAX_BODY_BYTES", "0", "must be greater than zero"),
        ("TRIALBASE_REQUEST_TIMEOUT_SECONDS", "0", "must be greater than zero"),
        ("TRIALBASE_REQUEST_TIMEOUT_SECONDS", "nan", "must be greater than zero"),
        ("TRIALBASE_RATE_LIMIT_PER_MINUTE", "-1", "must be zero or more"),
        ("TRIALBASE_RATE_LIMIT_LOCALHOST", "maybe", "must be true or false"),
    ],
)
def test_unusable_values_are_refused_by_name(env: str, value: str, message: str) -> None:
    with pytest.raises(SettingError, match=f"{env}='{value}' {message}"):
        ProtectionSettings.from_environ({env: value})


def test_trialbase_serve_refuses_an_unusable_value_before_starting(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from trialbase.cli import cli

    env = {"TRIALBASE_DATA_DIR": str(tmp_path), "TRIALBASE_RATE_LIMIT_BURST": "lots"}
    result = CliRunner().invoke(cli, ["serve", "--port", "1"], env=env)
    assert result.exit_code == 2
    assert "TRIALBASE_RATE_LIMIT_BURST='lots' is not a whole number" in result.output
    assert not (tmp_path / "trialbase.sqlite").exists()  # nothing was opened
