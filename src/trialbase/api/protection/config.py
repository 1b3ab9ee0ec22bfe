"""The protection settings, read from the settings table (``trialbase.settings.SETTINGS``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from trialbase.search.complexity import ComplexityLimits
from trialbase.settings import SETTINGS, SettingError


@dataclass(frozen=True, slots=True)
class ProtectionSettings:
    max_url_bytes: int = 12288
    max_body_bytes: int = 1048576
    request_timeout_seconds: float = 30.0
    rate_limit_per_minute: float = 120.0  # 0: no rate limit
    rate_limit_burst: int = 60
    rate_limit_localhost: bool = False
    query_limits: ComplexityLimits = field(default_factory=ComplexityLimits)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> ProtectionSettings:
        env = os.environ if environ is None else environ
        read = _Reader(env)
        return cls(
            max_url_bytes=read.integer("max_url_bytes"),
            max_body_bytes=read.integer("max_body_bytes"),
            request_timeout_seconds=read.number("request_timeout_seconds"),
            rate_limit_per_minute=read.number("rate_limit_per_minute", zero=True),
            rate_limit_burst=read.integer("rate_limit_burst"),
            rate_limit_localhost=read.boolean("rate_limit_localhost"),
            query_limits=ComplexityLimits(
                max_words=read.integer("query_max_words"),
                max_nodes=read.integer("query_max_nodes"),
                max_depth=read.integer("query_max_depth"),
            ),
        )


@dataclass(frozen=True, slots=True)
class _Reader:
    env: Mapping[str, str]

    def raw(self, name: str) -> tuple[str, str]:
        setting = next(setting for setting in SETTINGS if setting.name == name)
        return setting.env, self.env.get(setting.env, setting.default).strip()

    def number(self, name: str, *, zero: bool = False) -> float:
        env, text = self.raw(name)
        try:
            value = float(text)
        except ValueError:
            raise SettingError(f"{env}={text!r} is not a number") from None
        if not (value > 0 or (zero and value == 0)) or value != value or value == float("inf"):
            raise SettingError(f"{env}={text!r} must be {'zero or more' if zero else 'greater than zero'}")
        return value

    def integer(self, name: str) -> int:
        env, text = self.raw(name)
        try:
            value = int(text)
        except ValueError:
            raise SettingError(f"{env}={text!r} is not a whole number") from None
        if value <= 0:
            raise SettingError(f"{env}={text!r} must be greater than zero")
        return value

    def boolean(self, name: str) -> bool:
        env, text = self.raw(name)
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise SettingError(f"{env}={text!r} must be true or false")
