"""The registration side ("PRS"): accounts, sessions, records, their workflow and the review desk.

``Registry`` puts the services together over one store; faces (the /prs pages, the CLI) are given
one and call its parts. Every write appends to the audit log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from trialbase.registry.accounts import Account, Accounts, Organization
from trialbase.registry.actor import CLI_ACTOR, Actor
from trialbase.registry.administration import Administration
from trialbase.registry.api_tokens import ApiTokens
from trialbase.registry.audit import AuditLog
from trialbase.registry.config import RegistrySettings
from trialbase.registry.drafts import Draft, Drafts
from trialbase.registry.review import Review
from trialbase.registry.sessions import Session, Sessions
from trialbase.registry.workflow import Workflow
from trialbase.store import Store

__all__ = [
    "CLI_ACTOR",
    "Account",
    "Actor",
    "Draft",
    "Organization",
    "Registry",
    "RegistrySettings",
    "Session",
]


class Registry:
    def __init__(
        self,
        store: Store,
        settings: RegistrySettings | None = None,
        *,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or RegistrySettings()
        now = clock or store.clock
        engine = store.engine
        self.accounts = Accounts(engine, now, self.settings)
        self.sessions = Sessions(engine, now, self.settings, self.accounts)
        self.api_tokens = ApiTokens(engine, now)
        self.administration = Administration(self.accounts, self.sessions, self.api_tokens)
        self.drafts = Drafts(engine, now)
        self.workflow = Workflow(store, now, self.settings, self.drafts)
        self.review = Review(engine, now, self.drafts)
        self.audit = AuditLog(engine)
