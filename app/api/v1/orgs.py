"""Organisations, members and invitations."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.models.identity import Organization
from app.schemas.identity import (
    AcceptInvitationIn,
    InvitationIn,
    InvitationInfoOut,
    InvitationOut,
    InvitationTokenIn,
    MemberOut,
    OrgCreateIn,
    OrgOut,
    OrgUpdateIn,
    RoleChangeIn,
)
from app.workflows import orgs

router = APIRouter(tags=["organisations"])
MANAGE = Depends(Permission("members:manage"))


def _member_out(v: orgs.MemberView) -> MemberOut:
    return MemberOut(
        user_id=v.user.id,
        email=v.user.email,
        display_name=v.user.display_name,
        role=v.membership.role,
        joined_at=v.membership.created_at,
    )


@router.get("/orgs", response_model=list[OrgOut])
def list_orgs(p: PrincipalDep, db: SessionDep) -> list[Organization]:
    return orgs.list_orgs(db, p)


@router.post(
    "/orgs", response_model=OrgOut, status_code=201, dependencies=[Depends(Permission("orgs:manage"))]
)
def create_org(body: OrgCreateIn, request: Request, p: PrincipalDep, db: SessionDep) -> Organization:
    return orgs.create_org(db, p, body.name, body.kind, body.country, body.email_domains, client_ip(request))


@router.get("/orgs/{org_id}", response_model=OrgOut)
def get_org(org_id: str, p: PrincipalDep, db: SessionDep) -> Organization:
    return orgs.get_org(db, p, org_id)


@router.patch("/orgs/{org_id}", response_model=OrgOut)
def update_org(
    org_id: str, body: OrgUpdateIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> Organization:
    """`require_sso` (organisation admins): members must sign in through single sign-on, and their
    password sessions end. `email_domains` (coalition admins): domains trusted for single sign-on."""
    return orgs.update_org(
        db,
        p,
        settings,
        org_id,
        client_ip(request),
        require_sso=body.require_sso,
        email_domains=body.email_domains,
    )


@router.get("/orgs/{org_id}/members", response_model=list[MemberOut], dependencies=[MANAGE])
def list_members(org_id: str, p: PrincipalDep, db: SessionDep) -> list[MemberOut]:
    return [_member_out(v) for v in orgs.list_members(db, p, org_id)]


@router.patch("/orgs/{org_id}/members/{user_id}", response_model=MemberOut, dependencies=[MANAGE])
def change_member_role(
    org_id: str, user_id: str, body: RoleChangeIn, request: Request, p: PrincipalDep, db: SessionDep
) -> MemberOut:
    return _member_out(orgs.change_role(db, p, org_id, user_id, body.role, client_ip(request)))


@router.delete("/orgs/{org_id}/members/{user_id}", status_code=204, dependencies=[MANAGE])
def remove_member(org_id: str, user_id: str, request: Request, p: PrincipalDep, db: SessionDep) -> None:
    orgs.remove_member(db, p, org_id, user_id, client_ip(request))


@router.get("/orgs/{org_id}/invitations", response_model=list[InvitationOut], dependencies=[MANAGE])
def list_invitations(org_id: str, p: PrincipalDep, db: SessionDep) -> list[object]:
    return list(orgs.list_invitations(db, p, org_id))


@router.post(
    "/orgs/{org_id}/invitations", response_model=InvitationOut, status_code=201, dependencies=[MANAGE]
)
def invite_member(
    org_id: str, body: InvitationIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> object:
    return orgs.invite(db, p, settings, org_id, str(body.email), body.role, client_ip(request))


@router.delete("/orgs/{org_id}/invitations/{invitation_id}", status_code=204, dependencies=[MANAGE])
def revoke_invitation(
    org_id: str, invitation_id: str, request: Request, p: PrincipalDep, db: SessionDep
) -> None:
    orgs.revoke_invitation(db, p, org_id, invitation_id, client_ip(request))


@router.post("/invitations/lookup", response_model=InvitationInfoOut, tags=["public"])
def invitation_info(body: InvitationTokenIn, db: SessionDep) -> InvitationInfoOut:
    # POST, not GET with the token in the path: URLs end up in logs and browser history.
    inv, org = orgs.invitation_info(db, body.token)
    return InvitationInfoOut(organization=org.name, email=inv.email, role=inv.role, expires_at=inv.expires_at)


@router.post("/invitations/accept", status_code=201, tags=["public"])
def accept_invitation(body: AcceptInvitationIn, request: Request, db: SessionDep) -> dict[str, str]:
    user = orgs.accept_invitation(db, body.token, body.display_name, body.password, client_ip(request))
    return {"user_id": user.id, "email": user.email}
