"""The registration side's settings, read from the settings table (``trialbase.settings``)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

from trialbase.domain.nct_id import InvalidNctId, parse_nct_id
from trialbase.settings import SETTINGS, SettingError


@dataclass(frozen=True, slots=True)
class RegistrySettings:
    session_lifetime: dt.timedelta = dt.timedelta(minutes=480)
    login_failure_limit: int = 5
    login_failure_window: dt.timedelta = dt.timedelta(minutes=15)
    login_lockout: dt.timedelta = dt.timedelta(minutes=15)
    login_client_limit: int = 30
    password_reset_lifetime: dt.timedelta = dt.timedelta(hours=24)
    first_nct_id: str = "NCT80000001"
    password_hash_memory_kib: int = 65536
    password_hash_time_cost: int = 3

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> RegistrySettings:
        env = os.environ if environ is None else environ
        raw = {setting.name: (setting.env, env.get(setting.env, setting.default)) for setting in SETTINGS}
        first = raw["registry_first_nct_number"]
        try:
            first_nct_id = parse_nct_id(first[1])
        except InvalidNctId as error:
            raise SettingError(f"{first[0]}: {error}") from None
        return cls(
            session_lifetime=dt.timedelta(minutes=_positive(*raw["session_lifetime_minutes"])),
            login_failure_limit=_positive(*raw["login_failure_limit"]),
            login_failure_window=dt.timedelta(minutes=_positive(*raw["login_failure_window_minutes"])),
            login_lockout=dt.timedelta(minutes=_positive(*raw["login_lockout_minutes"])),
            login_client_limit=_positive(*raw["login_client_limit"]),
            password_reset_lifetime=dt.timedelta(hours=_positive(*raw["password_reset_hours"])),
            first_nct_id=first_nct_id,
            password_hash_memory_kib=_positive(*raw["password_hash_memory_kib"]),
            password_hash_time_cost=_positive(*raw["password_hash_time_cost"]),
        )


def _positive(env: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise SettingError(f"{env}={text!r} is not a whole number") from None
    if value <= 0:
        raise SettingError(f"{env}={text!r} must be greater than zero")
    return value
