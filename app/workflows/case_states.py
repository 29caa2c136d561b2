"""The case state machine: one table of transitions, with who may fire each (DESIGN.md "Case states")."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import Conflict, Forbidden
from app.models.cases import CaseFile, CaseStatus
from app.security.permissions import Principal

S = CaseStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[CaseStatus]
    target: CaseStatus
    actor: str  # "owner": the authoring NGO (cases:write); "coordinator": coalition reviewers (review)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", frozenset({S.draft, S.changes_requested}), S.submitted, "owner"),
        Transition("start_review", frozenset({S.submitted}), S.in_review, "coordinator"),
        Transition("request_changes", frozenset({S.in_review}), S.changes_requested, "coordinator"),
        Transition("approve", frozenset({S.in_review}), S.approved, "coordinator"),
        Transition("reject", frozenset({S.in_review}), S.rejected, "coordinator"),
        Transition(
            "withdraw",
            frozenset({S.draft, S.submitted, S.in_review, S.changes_requested}),
            S.withdrawn,
            "owner",
        ),
        Transition("package", frozenset({S.approved, S.packaged}), S.packaged, "coordinator"),
        Transition(
            "send",
            frozenset({S.packaged, S.submitted_to_government}),
            S.submitted_to_government,
            "coordinator",
        ),
    )
}


def allowed_from(status: CaseStatus) -> list[str]:
    return sorted(t.name for t in TRANSITIONS.values() if status in t.sources)


def may_fire(p: Principal, case: CaseFile, t: Transition) -> bool:
    if t.actor == "owner":
        return p.org_id == case.org_id and p.can("cases:write")
    return p.is_coalition and p.can("review" if t.name != "package" and t.name != "send" else "packages")


def check(p: Principal, case: CaseFile, name: str) -> Transition:
    """Raise 409 naming the allowed transitions, or 403 if this principal may not fire it."""
    t = TRANSITIONS[name]
    if case.status not in t.sources:
        allowed = allowed_from(case.status)
        raise Conflict(
            f"Cannot {name.replace('_', ' ')} a case that is {case.status.value}; "
            f"allowed from {case.status.value}: {', '.join(allowed) or 'none'}",
            extra={"case_status": case.status.value, "allowed_transitions": allowed},
        )
    if not may_fire(p, case, t):
        raise Forbidden(f"Your role may not {name.replace('_', ' ')} this case")
    return t
