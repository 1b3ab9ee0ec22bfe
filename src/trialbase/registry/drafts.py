"""Registration records: created by form, upload or API, edited module by module, never destroyed.

Who sees a record: the people (and API tokens) of the organization that owns it, reviewers once it
has been released to the registry, and site administrators. Anyone else is told it does not exist
(``NotFound``), never that it is someone else's. Every change checks the revision the editor saw
(a stale form is refused with ``Conflict``) and appends an audit event with the values before and
after. Deleting a draft only marks it deleted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, insert, select, update

from trialbase.domain.issue import Issue
from trialbase.domain.record_state import (
    RecordState,
    Role,
    TransitionRefused,
    is_deletable,
    may_edit,
    state_after_edit,
)
from trialbase.domain.results_due import ResultsDue, results_due
from trialbase.registry import audit
from trialbase.registry.actor import Actor
from trialbase.registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from trialbase.registry.record_document import (
    MODULE_NAMES,
    RESULTS_MODULE_NAMES,
    MalformedDocument,
    empty_document,
    results_offered,
    section_of,
    sponsor_part,
)
from trialbase.registry.transaction import reading, writing
from trialbase.store.registry_schema import draft, organization
from trialbase.store.schema import study

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class Draft:
    id: int
    organization_id: int
    organization_name: str
    state: RecordState
    document: dict[str, Any]
    nct_id: str | None
    revision: int
    review_round: int
    published_version: int | None
    released_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def brief_title(self) -> str:
        identification = self.document.get("protocolSection", {}).get("identificationModule", {})
        title = identification.get("briefTitle") if isinstance(identification, dict) else None
        return title if isinstance(title, str) and title.strip() else "(no brief title yet)"

    @property
    def ever_published(self) -> bool:
        return self.published_version is not None

    def module(self, name: str) -> dict[str, Any]:
        """A module of the protocol or results section (empty if the record has none)."""
        section = self.document.get(section_of(name))
        value = section.get(name) if isinstance(section, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def results_offered(self) -> bool:
        return results_offered(self.document)


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A line of the sponsor's dashboard."""

    record: Draft
    results_due: ResultsDue | None  # None: not owed (not ended, no actual completion) or posted


@dataclass(frozen=True, slots=True)
class SavedDraft:
    draft: Draft
    notes: list[Issue]  # what was left out of the input (fields the registry sets)


def may_see(actor: Actor, organization_id: int, released_at: dt.datetime | None) -> bool:
    if actor.has(Role.SITE_ADMIN):
        return True
    if actor.organization_id is not None:
        return actor.organization_id == organization_id
    return actor.has(Role.REVIEWER) and released_at is not None


class Drafts:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    # --- reading ------------------------------------------------------------------------------

    def get(self, actor: Actor, draft_id: int) -> Draft:
        with reading(self._engine) as connection:
            return self.get_in(connection, actor, draft_id)

    def get_in(self, connection: Connection, actor: Actor, draft_id: int) -> Draft:
        row = connection.execute(_query().where(draft.c.id == draft_id)).first()
        if (
            row is None
            or row.deleted_at is not None
            or not may_see(actor, row.organization_id, row.released_at)
        ):
            raise NotFound(f"there is no record {draft_id}")
        return draft_from_row(row)

    def list_for(self, actor: Actor) -> list[Draft]:
        """The records of the actor's organization (site administrators: every record), newest first."""
        return [row.record for row in self.overview(actor)]

    def page_for(self, actor: Actor, *, size: int, before_id: int | None = None) -> tuple[list[Draft], bool]:
        """A page of ``list_for`` in a stable order for paging, newest record first (by number,
        so editing a record never moves it between pages), and whether more follow."""
        query = _visible_to(actor, _query().order_by(draft.c.id.desc()).limit(size + 1))
        if query is None:
            return [], False
        if before_id is not None:
            query = query.where(draft.c.id < before_id)
        with reading(self._engine) as connection:
            rows = connection.execute(query).all()
        return [draft_from_row(row) for row in rows[:size]], len(rows) > size

    def overview(self, actor: Actor) -> list[RecordRow]:
        """``list_for`` with when each record's results are due (the store says which are posted)."""
        query = _visible_to(
            actor,
            _query()
            .add_columns(study.c.has_results.label("results_posted"))
            .outerjoin(study, study.c.nct_id == draft.c.nct_id)
            .order_by(draft.c.updated_at.desc(), draft.c.id.desc()),
        )
        if query is None:
            return []
        today = self._clock().date()
        with reading(self._engine) as connection:
            rows = connection.execute(query).all()
        made = []
        for row in rows:
            record = draft_from_row(row)
            due = results_due(record.document, results_posted=bool(row.results_posted), today=today)
            made.append(RecordRow(record, due))
        return made

    # --- writing ------------------------------------------------------------------------------

    def create(self, actor: Actor, document: Any = None, *, source: str = "form") -> SavedDraft:
        """A new draft of the actor's organization, empty or from an uploaded v2 document."""
        if actor.organization_id is None or not may_edit(actor.roles):
            raise Forbidden("creating records needs a record editor of a sponsor organization")
        content, notes = _accepted(empty_document() if document is None else document)
        now = self._clock()
        with writing(self._engine) as connection:
            new_id = connection.execute(
                insert(draft)
                .values(
                    organization_id=actor.organization_id,
                    state=RecordState.DRAFT.value,
                    document=orjson.dumps(content).decode(),
                    revision=1,
                    review_round=0,
                    created_by=actor.account_id,
                    created_at=now,
                    updated_at=now,
                )
                .returning(draft.c.id)
            ).scalar_one()
            audit.record(
                connection,
                now,
                actor,
                "record.create",
                f"draft:{new_id}",
                after={"source": source, "document": content},
            )
            created = self.get_in(connection, actor, new_id)
        return SavedDraft(created, notes)

    def replace_document(self, actor: Actor, draft_id: int, document: Any, *, revision: int) -> SavedDraft:
        """Replace the whole document (an upload or the API)."""
        content, notes = _accepted(document)

        def change(current: Draft) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
            return content, {"document": current.document}, {"document": content}

        return SavedDraft(self._edit(actor, draft_id, revision, "record.upload", change), notes)

    def save_module(
        self, actor: Actor, draft_id: int, module: str, value: dict[str, Any] | None, *, revision: int
    ) -> SavedDraft:
        """Set one module of the protocol or results section (None or empty removes it).

        Results modules may be set once the study has ended (or has results already).
        """
        if module not in MODULE_NAMES | RESULTS_MODULE_NAMES:
            raise InvalidInput(f"{module!r} is not a module of the protocol or results section")
        section = section_of(module)
        notes: list[Issue] = []

        def change(current: Draft) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
            if section == "resultsSection":
                _check_results_offered(current)
            content, dropped = _accepted(_with_module(current.document, module, value))
            notes.extend(dropped)
            before = (current.document.get(section) or {}).get(module)
            return content, {"module": module, "value": before}, {"module": module, "value": value or None}

        saved = self._edit(actor, draft_id, revision, f"record.save.{module}", change)
        return SavedDraft(saved, notes)

    def preview_module(
        self, actor: Actor, draft_id: int, module: str, value: dict[str, Any] | None, *, revision: int
    ) -> Draft:
        """The record as ``save_module`` would leave it, saving nothing (for checking while editing).

        Refused exactly as the save would be: by whom, in which state, from which revision.
        """
        if module not in MODULE_NAMES:
            raise InvalidInput(f"{module!r} is not a module of the protocol section")
        current = self.get(actor, draft_id)
        state = self._check_edit(actor, current, revision)
        content, _ = _accepted(_with_module(current.document, module, value))
        return dataclasses.replace(current, document=content, state=state)

    def upload_results(self, actor: Actor, draft_id: int, results: Any, *, revision: int) -> SavedDraft:
        """Set the results modules an uploaded ``resultsSection`` holds; the record's others stay.

        The upload is the ``resultsSection`` object itself or a document holding one; a module
        given as null (or empty) is removed. Nothing is stored unless all of it is well formed.
        """
        section = _results_of_upload(results)
        notes: list[Issue] = []

        def change(current: Draft) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
            _check_results_offered(current)
            document = dict(current.document)
            before = document.get("resultsSection") or {}
            merged = {**(before if isinstance(before, dict) else {}), **section}
            merged = {name: value for name, value in merged.items() if value}
            if merged:
                document["resultsSection"] = merged
            else:
                document.pop("resultsSection", None)
            try:
                content, dropped = sponsor_part(document)
            except MalformedDocument as error:
                raise InvalidInput("the results are malformed", error.issues) from None
            notes.extend(dropped)
            return content, {"resultsSection": before or None}, {"resultsSection": merged or None}

        saved = self._edit(actor, draft_id, revision, "record.upload_results", change)
        return SavedDraft(saved, notes)

    def delete(self, actor: Actor, draft_id: int, *, revision: int) -> None:
        now = self._clock()
        with writing(self._engine) as connection:
            current = self.get_in(connection, actor, draft_id)
            self._check_editor(actor, current)
            if not is_deletable(current.state, ever_published=current.ever_published):
                raise Conflict("only a draft that was never published can be deleted")
            _check_revision(current, revision)
            connection.execute(
                update(draft)
                .where(draft.c.id == draft_id)
                .values(deleted_at=now, revision=current.revision + 1)
            )
            audit.record(
                connection, now, actor, "record.delete", f"draft:{draft_id}",
                before={"state": current.state.value}, after={"deleted": True},
                organization_id=current.organization_id,
            )  # fmt: skip

    def transfer(self, actor: Actor, draft_id: int, organization_id: int, *, revision: int) -> Draft:
        """Give a record to another organization (its administrators or a site administrator may)."""
        now = self._clock()
        with writing(self._engine) as connection:
            current = self.get_in(connection, actor, draft_id)
            if not (
                actor.has(Role.SITE_ADMIN)
                or (actor.has(Role.ORG_ADMIN) and actor.organization_id is not None)
            ):
                raise Forbidden(
                    "transferring a record needs an administrator of the organization that owns it"
                )
            _check_revision(current, revision)
            target = connection.execute(
                select(organization.c.id).where(organization.c.id == organization_id)
            ).scalar_one_or_none()
            if target is None:
                raise InvalidInput(f"there is no organization {organization_id}")
            if organization_id == current.organization_id:
                raise InvalidInput("the record already belongs to that organization")
            connection.execute(
                update(draft)
                .where(draft.c.id == draft_id)
                .values(organization_id=organization_id, revision=current.revision + 1, updated_at=now)
            )
            before = {"organization_id": current.organization_id}
            after = {"organization_id": organization_id}
            for owner in (current.organization_id, organization_id):
                audit.record(
                    connection, now, actor, "record.transfer", f"draft:{draft_id}",
                    before=before, after=after, organization_id=owner,
                )  # fmt: skip
            return draft_from_row(connection.execute(_query().where(draft.c.id == draft_id)).one())

    # --- helpers ------------------------------------------------------------------------------

    def _edit(
        self,
        actor: Actor,
        draft_id: int,
        revision: int,
        action: str,
        change: Callable[[Draft], tuple[dict[str, Any], dict[str, Any], dict[str, Any]]],
    ) -> Draft:
        now = self._clock()
        with writing(self._engine) as connection:
            current = self.get_in(connection, actor, draft_id)
            state = self._check_edit(actor, current, revision)
            content, before, after = change(current)
            connection.execute(
                update(draft)
                .where(draft.c.id == draft_id)
                .values(
                    document=orjson.dumps(content).decode(),
                    state=state.value,
                    revision=current.revision + 1,
                    updated_at=now,
                )
            )
            if state is not current.state:
                before = {"state": current.state.value, **before}
                after = {"state": state.value, **after}
            audit.record(
                connection, now, actor, action, f"draft:{draft_id}", before=before, after=after,
                organization_id=current.organization_id,
            )  # fmt: skip
            return self.get_in(connection, actor, draft_id)

    @staticmethod
    def _check_edit(actor: Actor, current: Draft, revision: int) -> RecordState:
        """The state an edit by ``actor`` from ``revision`` leaves the record in, or the refusal."""
        Drafts._check_editor(actor, current)
        _check_revision(current, revision)
        try:
            return state_after_edit(current.state)
        except TransitionRefused as refusal:
            raise Conflict(str(refusal)) from None

    @staticmethod
    def _check_editor(actor: Actor, current: Draft) -> None:
        if actor.organization_id != current.organization_id or not may_edit(actor.roles):
            raise Forbidden("only the owning organization's record editors can change a record")


def _with_module(document: dict[str, Any], module: str, value: dict[str, Any] | None) -> dict[str, Any]:
    """The document with one module of its protocol or results section set (None or empty removes
    it); a results section left empty goes."""
    section = section_of(module)
    changed = dict(document)
    part = dict(changed.get(section) or {})
    if value:
        part[module] = value
    else:
        part.pop(module, None)
    if part or section == "protocolSection":
        changed[section] = part
    else:
        changed.pop(section, None)
    return changed


def _check_results_offered(current: Draft) -> None:
    if not current.results_offered:
        raise Conflict(
            "results can be entered once the study's overall status is COMPLETED or TERMINATED; "
            "change the status module first"
        )


def _results_of_upload(upload: Any) -> dict[str, Any]:
    """The results modules of an upload, or ``InvalidInput`` naming every key that is not one."""
    if isinstance(upload, dict) and "resultsSection" in upload:
        upload = upload["resultsSection"]
    if not isinstance(upload, dict):
        raise InvalidInput(
            "the file must hold a resultsSection object",
            [Issue("resultsSection", "not-an-object", "expected an object whose keys are results modules")],
        )
    unknown = [
        Issue(
            f"resultsSection.{name}",
            "unknown-module",
            f"{name!r} is not a results module (expected {', '.join(sorted(RESULTS_MODULE_NAMES))})",
        )
        for name in upload
        if name not in RESULTS_MODULE_NAMES
    ]
    if unknown:
        raise InvalidInput("the file holds something other than results modules", unknown)
    return dict(upload)


def _accepted(document: Any) -> tuple[dict[str, Any], list[Issue]]:
    try:
        return sponsor_part(document)
    except MalformedDocument as error:
        raise InvalidInput("the study document is malformed", error.issues) from None


def _check_revision(current: Draft, revision: int) -> None:
    if revision != current.revision:
        raise Conflict(
            "the record was changed by someone else since you opened it; reload it and make your change again"
        )


def _visible_to(actor: Actor, query: Any) -> Any | None:
    """``query`` narrowed to the records ``actor`` may list: not deleted, of the actor's
    organization (site administrators: every organization's); None when there are none."""
    query = query.where(draft.c.deleted_at.is_(None))
    if actor.organization_id is not None:
        return query.where(draft.c.organization_id == actor.organization_id)
    return query if actor.has(Role.SITE_ADMIN) else None


def _query() -> Any:
    return select(draft, organization.c.name.label("organization_name")).join(
        organization, organization.c.id == draft.c.organization_id
    )


def draft_from_row(row: Any) -> Draft:
    return Draft(
        id=row.id,
        organization_id=row.organization_id,
        organization_name=row.organization_name,
        state=RecordState(row.state),
        document=orjson.loads(row.document),
        nct_id=row.nct_id,
        revision=row.revision,
        review_round=row.review_round,
        published_version=row.published_version,
        released_at=None if row.released_at is None else audit.aware(row.released_at),
        created_at=audit.aware(row.created_at),
        updated_at=audit.aware(row.updated_at),
    )
