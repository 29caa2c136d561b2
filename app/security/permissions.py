"""Who may do what: permissions per role, API-token scopes, and the principal that carries them."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.models.identity import OrgKind, Role

RESEARCHER = frozenset(
    {
        "cases:read",
        "cases:write",
        "evidence:read",
        "evidence:write",
        "comments:write",
        "packages:read",
        "notifications",
        "self",
    }
)
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.researcher: RESEARCHER,
    Role.org_admin: RESEARCHER | {"members:manage", "tokens:manage", "webhooks:manage"},
    Role.coordinator: frozenset(
        {
            "cases:read",
            "evidence:read",
            "review",
            "comments:write",
            "packages",
            "packages:read",
            "notifications",
            "self",
        }
    ),
    Role.coalition_admin: frozenset(
        {
            "cases:read",
            "evidence:read",
            "evidence:purge",
            "orgs:manage",
            "members:manage",
            "tokens:manage",
            "webhooks:manage",
            "audit:read",
            "packages:read",
            "notifications",
            "self",
        }
    ),
}

# What each API-token scope grants; a token's permissions are also capped by its creator's role.
# No scope grants tokens:manage: a leaked token cannot mint more tokens.
SCOPES: dict[str, frozenset[str]] = {
    "cases:read": frozenset({"cases:read", "evidence:read", "packages:read"}),
    "cases:write": frozenset({"cases:write", "comments:write"}),
    "evidence:write": frozenset({"evidence:write"}),
    "review": frozenset({"review", "comments:write"}),
    "packages": frozenset({"packages", "packages:read"}),
    "admin": frozenset({"members:manage", "webhooks:manage", "orgs:manage"}),
    "audit:read": frozenset({"audit:read"}),
}


# A scope can be granted only by someone holding its main permission.
SCOPE_REQUIRES: dict[str, str] = {
    "cases:read": "cases:read",
    "cases:write": "cases:write",
    "evidence:write": "evidence:write",
    "review": "review",
    "packages": "packages",
    "admin": "members:manage",
    "audit:read": "audit:read",
}


def grantable_scopes(role: Role) -> dict[str, frozenset[str]]:
    return {s: perms for s, perms in SCOPES.items() if SCOPE_REQUIRES[s] in ROLE_PERMISSIONS[role]}


def token_permissions(scopes: list[str], acting_role: Role) -> frozenset[str]:
    granted: set[str] = set()
    for scope in scopes:
        granted |= SCOPES.get(scope, frozenset())
    return frozenset(granted) & ROLE_PERMISSIONS[acting_role]


@dataclass(frozen=True)
class Principal:
    org_id: str
    org_kind: OrgKind
    role: Role
    permissions: frozenset[str]
    user_id: str | None = None
    token_id: str | None = None
    session_id: str | None = None
    mfa_passed: bool = False
    # This person must pass a second factor (TOTP) or sign in through SSO; see workflows.auth.
    mfa_required: bool = False
    scopes: tuple[str, ...] = field(default=())

    @property
    def needs_second_factor(self) -> bool:
        """A session that may only enrol a second factor, see who it is, and sign out."""
        return self.mfa_required and not self.mfa_passed

    @property
    def is_coalition(self) -> bool:
        return self.org_kind == OrgKind.coalition

    def can(self, permission: str) -> bool:
        return permission in self.permissions
