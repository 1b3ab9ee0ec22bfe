"""What every command shares: the settings and, opened on first use, the store."""

from __future__ import annotations

import click

from trialbase.settings import SettingError, Settings
from trialbase.store import Store


class AppContext:
    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._store: Store | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = Settings.from_environ()
            except SettingError as error:
                raise click.UsageError(str(error)) from None
        return self._settings

    def store(self, *, migrate: bool = True) -> Store:
        if self._store is None:
            self._store = Store.open(self.settings.database_url, migrate=migrate)
            click.get_current_context().call_on_close(self._store.close)
        return self._store


pass_app = click.make_pass_decorator(AppContext)
