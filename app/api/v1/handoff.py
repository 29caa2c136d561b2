"""Secure hand-off, the coalition's side: the recipient directory, shares of built packages, their access
events, revocation. The recipient's own pages are app/api/recipient_page.py."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.errors import Forbidden
from app.models.handoff import Recipient, Share
from app.schemas.handoff import (
    AccessEventOut,
    RecipientIn,
    RecipientOut,
    RecipientPatchIn,
    RevokeIn,
    ShareIn,
    ShareOut,
    ShareRecipientOut,
)
from app.security.permissions import Principal
from app.workflows import handoff

router = APIRouter(tags=["handoff"])
MANAGE = Depends(Permission("orgs:manage"))  # coalition admins keep the directory
SHARE = Depends(Permission("packages"))  # coordinators hand packages over


class AnyPermission:
    """Declared on the route: any one of the permissions is enough."""

    def __init__(self, *options: str) -> None:
        self.options = options

    def __call__(self, principal: PrincipalDep) -> Principal:
        if not any(principal.can(o) for o in self.options):
            raise Forbidden(f"Needs one of: {', '.join(self.options)}")
        return principal


READ_DIRECTORY = Depends(AnyPermission("packages", "orgs:manage"))
Limit = Annotated[int, Query(ge=1, le=1000)]


def share_out(share: Share, recipient: Recipient, now: datetime | None = None) -> ShareOut:
    return ShareOut(
        id=share.id,
        package_id=share.package_id,
        submission_id=share.submission_id,
        jurisdiction=share.jurisdiction,
        reference=share.reference,
        recipient=ShareRecipientOut(
            id=recipient.id, name=recipient.name, office=recipient.office, email=recipient.email
        ),
        factor=share.factor,
        state=share.state,
        status=handoff.status_of(share, now),
        expires_at=share.expires_at,
        max_downloads=share.max_downloads,
        downloads_started=share.downloads_started,
        downloads_completed=share.downloads_completed,
        downloads_left=max(share.max_downloads - share.downloads_started, 0),
        codes_sent=share.codes_sent,
        failed_codes=share.failed_codes,
        created_at=share.created_at,
        created_by=share.created_by,
        ended_at=share.ended_at,
        last_access_at=share.last_access_at,
    )


# ---- the directory ------------------------------------------------------------------------------------


@router.get("/recipients", response_model=list[RecipientOut], dependencies=[READ_DIRECTORY])
def list_recipients(
    p: PrincipalDep,
    db: SessionDep,
    jurisdiction: Annotated[str | None, Query(max_length=4)] = None,
    include_inactive: bool = False,
) -> list[RecipientOut]:
    rows = handoff.list_recipients(db, p, jurisdiction, include_inactive)
    return [RecipientOut.model_validate(r) for r in rows]


@router.post("/recipients", response_model=RecipientOut, status_code=201, dependencies=[MANAGE])
def create_recipient(body: RecipientIn, request: Request, p: PrincipalDep, db: SessionDep) -> RecipientOut:
    r = handoff.create_recipient(db, p, handoff.RecipientInput(**body.model_dump()), client_ip(request))
    return RecipientOut.model_validate(r)


@router.get("/recipients/{recipient_id}", response_model=RecipientOut, dependencies=[READ_DIRECTORY])
def get_recipient(recipient_id: str, p: PrincipalDep, db: SessionDep) -> RecipientOut:
    return RecipientOut.model_validate(handoff.get_recipient(db, p, recipient_id))


@router.patch("/recipients/{recipient_id}", response_model=RecipientOut, dependencies=[MANAGE])
def update_recipient(
    recipient_id: str, body: RecipientPatchIn, request: Request, p: PrincipalDep, db: SessionDep
) -> RecipientOut:
    fields = body.model_dump(exclude_unset=True)
    r = handoff.update_recipient(db, p, recipient_id, fields, client_ip(request))
    return RecipientOut.model_validate(r)


@router.delete("/recipients/{recipient_id}", status_code=204, dependencies=[MANAGE])
def delete_recipient(recipient_id: str, request: Request, p: PrincipalDep, db: SessionDep) -> Response:
    """Only a recipient nothing was shared with; otherwise deactivate it (PATCH active=false)."""
    handoff.delete_recipient(db, p, recipient_id, client_ip(request))
    return Response(status_code=204)


# ---- shares -------------------------------------------------------------------------------------------


@router.post(
    "/packages/{package_id}/shares", response_model=list[ShareOut], status_code=201, dependencies=[SHARE]
)
def create_shares(
    package_id: str, body: ShareIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> list[ShareOut]:
    """A personal link per recipient, mailed to them (the link itself is never shown here)."""
    made = handoff.create_shares(
        db, p, settings, package_id, handoff.ShareRequest(**body.model_dump()), client_ip(request)
    )
    return [share_out(s, r) for s, r in made]


@router.get("/packages/{package_id}/shares", response_model=list[ShareOut], dependencies=[SHARE])
def list_shares(package_id: str, p: PrincipalDep, db: SessionDep) -> list[ShareOut]:
    return [share_out(s, r) for s, r in handoff.package_shares(db, p, package_id)]


@router.get("/shares/{share_id}", response_model=ShareOut, dependencies=[SHARE])
def get_share(share_id: str, p: PrincipalDep, db: SessionDep) -> ShareOut:
    share = handoff.get_share(db, p, share_id)
    ((s, r),) = handoff.with_recipients(db, p, [share])
    return share_out(s, r)


@router.get("/shares/{share_id}/access-events", response_model=list[AccessEventOut], dependencies=[SHARE])
def share_access_events(
    share_id: str, p: PrincipalDep, db: SessionDep, limit: Limit = 1000
) -> list[AccessEventOut]:
    """Everything that happened to one recipient's link, oldest first."""
    return [AccessEventOut.model_validate(e) for e in handoff.access_events(db, p, share_id, limit)]


@router.post("/shares/{share_id}/revoke", response_model=ShareOut, dependencies=[SHARE])
def revoke_share(
    share_id: str, body: RevokeIn, request: Request, p: PrincipalDep, db: SessionDep
) -> ShareOut:
    """Refused from the next request on, including the rest of a download in progress."""
    share = handoff.revoke(db, p, share_id, body.reason, client_ip(request))
    ((s, r),) = handoff.with_recipients(db, p, [share])
    return share_out(s, r)


@router.get(
    "/submissions/{submission_id}/access-events", response_model=list[AccessEventOut], dependencies=[SHARE]
)
def submission_access_events(
    submission_id: str, p: PrincipalDep, db: SessionDep, limit: Limit = 1000
) -> list[AccessEventOut]:
    """The hand-off part of a submission's timeline: every recipient's access, oldest first."""
    rows = handoff.submission_access_events(db, p, submission_id, limit)
    return [AccessEventOut.model_validate(e) for e in rows]
