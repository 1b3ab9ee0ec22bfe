"""What the record page shows: the record's content by module, its findings, comments and actions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from trialbase.domain.issue import Issue, Severity
from trialbase.domain.record_state import Action, Role, available_actions, is_deletable, is_editable, may_edit
from trialbase.registry import Actor, Draft
from trialbase.registry.review import Comment
from trialbase.web.prs.form_fields import ShownField, ShownGroup, shown
from trialbase.web.prs.located_findings import Finding, located
from trialbase.web.prs.module_forms import FORMS
from trialbase.web.prs.results_forms import FORMS as RESULTS_FORMS
from trialbase.web.prs.results_forms import comment_paths, summary
from trialbase.web.prs.results_forms import shown as shown_results


@dataclass(frozen=True, slots=True)
class ModuleView:
    name: str
    label: str
    parts: list[ShownField | ShownGroup]
    filled: bool
    errors: int
    warnings: int


@dataclass(frozen=True, slots=True)
class ResultsModuleView:
    name: str
    label: str
    summary: str
    filled: bool
    errors: int
    warnings: int


@dataclass(frozen=True, slots=True)
class RecordView:
    record: Draft
    modules: list[ModuleView]
    results: list[ResultsModuleView]
    results_offered: bool
    issues: list[Issue]
    findings: list[Finding]  # the issues, each with the form and input of its field
    errors: list[Issue]
    issues_by_path: dict[str, list[Issue]]
    comments: list[Comment]
    comments_by_path: dict[str, list[Comment]]
    actions: list[Action]
    can_edit: bool
    can_delete: bool
    can_transfer: bool
    can_comment: bool
    can_respond: bool
    field_paths: list[tuple[str, str]]  # (path, label) for the reviewer's comment form


def record_view(actor: Actor, record: Draft, issues: list[Issue], comments: list[Comment]) -> RecordView:
    owner = actor.organization_id == record.organization_id
    editor = owner and may_edit(actor.roles)
    modules = []
    field_paths: list[tuple[str, str]] = [("", "The record as a whole")]
    for form in FORMS:
        prefix = f"protocolSection.{form.name}"
        errors, warnings = _counts(issues, prefix)
        parts = shown(form, record.module(form.name))
        modules.append(
            ModuleView(
                name=form.name,
                label=form.label,
                parts=parts,
                filled=bool(record.module(form.name)),
                errors=errors,
                warnings=warnings,
            )
        )
        field_paths.append((prefix, form.label))
        for part in parts:
            if isinstance(part, ShownField):
                field_paths.append((part.path, f"{form.label}: {part.spec.label}"))
            else:
                field_paths.append((f"{prefix}.{part.spec.path}", f"{form.label}: {part.spec.label} (all)"))
    results = []
    for results_form in RESULTS_FORMS:
        module = record.module(results_form.name)
        errors, warnings = _counts(issues, results_form.path)
        results.append(
            ResultsModuleView(
                results_form.name,
                results_form.label,
                summary(results_form.name, module),
                bool(module),
                errors,
                warnings,
            )
        )
        if module:
            field_paths.extend(comment_paths(results_form, shown_results(results_form, module)))
    issues_by_path: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        issues_by_path[issue.path].append(issue)
    comments_by_path: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        comments_by_path[comment.path].append(comment)
    sponsor_actions = available_actions(record.state, actor.roles) if owner else []
    registry_actions = (
        [action for action in available_actions(record.state, actor.roles) if action in _REVIEW_ACTIONS]
        if actor.has(Role.REVIEWER)
        else []
    )
    return RecordView(
        record=record,
        modules=modules,
        results=results,
        results_offered=record.results_offered,
        issues=issues,
        findings=located(issues),
        errors=[issue for issue in issues if issue.severity is Severity.ERROR],
        issues_by_path=dict(issues_by_path),
        comments=comments,
        comments_by_path=dict(comments_by_path),
        actions=sponsor_actions + registry_actions,
        can_edit=editor and is_editable(record.state),
        can_delete=editor and is_deletable(record.state, ever_published=record.ever_published),
        can_transfer=owner and actor.has(Role.ORG_ADMIN),
        can_comment=actor.has(Role.REVIEWER) and record.state.value == "under_review",
        can_respond=editor and record.state.value == "comments_returned",
        field_paths=field_paths,
    )


def in_module(issues: list[Issue], prefix: str) -> list[Issue]:
    """The findings about a module (``prefix`` is its path)."""
    return [
        issue
        for issue in issues
        if issue.path == prefix or issue.path.startswith((prefix + ".", prefix + "["))
    ]


def _counts(issues: list[Issue], prefix: str) -> tuple[int, int]:
    found = in_module(issues, prefix)
    return (
        sum(1 for issue in found if issue.severity is Severity.ERROR),
        sum(1 for issue in found if issue.severity is Severity.WARNING),
    )


_REVIEW_ACTIONS = frozenset({Action.START_REVIEW, Action.RETURN, Action.PUBLISH})
