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
    actor: str  # "owner": the authoring NGO; "coordinator": the coalition
    permission: str  # what the actor's role must grant


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", frozenset({S.draft, S.changes_requested}), S.submitted, "owner", "cases:write"),
        Transition("start_review", frozenset({S.submitted}), S.in_review, "coordinator", "review"),
        Transition("request_changes", frozenset({S.in_review}), S.changes_requested, "coordinator", "review"),
        Transition("approve", frozenset({S.in_review}), S.approved, "coordinator", "review"),
        Transition("reject", frozenset({S.in_review}), S.rejected, "coordinator", "review"),
        Transition(
            "withdraw",
            frozenset({S.draft, S.submitted, S.in_review, S.changes_requested}),
            S.withdrawn,
            "owner",
            "cases:write",
        ),
        Transition("package", frozenset({S.approved, S.packaged}), S.packaged, "coordinator", "packages"),
        Transition(
            "send",
            frozenset({S.packaged, S.submitted_to_government}),
            S.submitted_to_government,
            "coordinator",
            "packages",
        ),
    )
}


def allowed_from(status: CaseStatus) -> list[str]:
    return sorted(t.name for t in TRANSITIONS.values() if status in t.sources)


def may_fire(p: Principal, case: CaseFile, t: Transition) -> bool:
    in_reach = p.org_id == case.org_id if t.actor == "owner" else p.is_coalition
    return in_reach and p.can(t.permission)


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
