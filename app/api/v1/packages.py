"""Jurisdiction packages (build, progress, download) and submission tracking."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from app.api.deps import Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.models.packages import Package, PackageState, Submission
from app.schemas.packages import (
    DesignationOut,
    PackageOut,
    PackageRequestIn,
    PackageRequestOut,
    RefusalOut,
    SendIn,
    StatusIn,
    SubmissionEventOut,
    SubmissionOut,
    SubmissionPatchIn,
    SubmissionsSummaryOut,
)
from app.workflows import labels, packaging, people, submissions

router = APIRouter(tags=["packages"])
READ = Depends(Permission("packages:read"))
WRITE = Depends(Permission("packages"))
LangQuery = Annotated[
    Literal["en", "fr", "es", "ar"] | None,
    Query(description="language of refusals' texts; without it, the best of Accept-Language (else en)"),
]
AcceptLanguage = Annotated[str | None, Header(max_length=500)]


def package_out(pkg: Package, sub: Submission | None) -> PackageOut:
    out = PackageOut.model_validate(pkg, from_attributes=True)
    out.evidence_count = len(pkg.evidence_ids or [])
    if sub is not None:
        out.submission_id, out.submission_status = sub.id, sub.status
    if pkg.state == PackageState.built:
        out.download_url = f"/api/v1/packages/{pkg.id}/download"
    return out


def packages_out(db: Session, pkgs: list[Package]) -> list[PackageOut]:
    subs = packaging.submissions_by_package(db, [p.id for p in pkgs])
    return [package_out(p, subs.get(p.id)) for p in pkgs]


def submission_out(db: Session, sub: Submission) -> SubmissionOut:
    events = submissions.timeline(db, [sub.id])[sub.id]
    names = people.user_names(db, [e.actor_user_id for e in events])
    designation = submissions.designation(sub)
    return SubmissionOut(
        id=sub.id,
        package_id=sub.package_id,
        case_id=sub.case_id,
        jurisdiction=sub.jurisdiction,
        status=sub.status,
        allowed_statuses=list(submissions.TRANSITIONS[sub.status]),
        sent_on=sub.sent_on,
        channel=sub.channel,
        addressee=sub.addressee,
        reference=sub.reference,
        follow_up_date=sub.follow_up_date,
        outcome_on=sub.outcome_on,
        designation=DesignationOut.model_validate(designation) if designation else None,
        created_at=sub.created_at,
        updated_at=sub.updated_at,
        timeline=[
            SubmissionEventOut.model_validate(e, from_attributes=True).model_copy(
                update={"actor_name": names.get(e.actor_user_id or "")}
            )
            for e in events
        ],
    )


@router.post(
    "/cases/{case_id}/packages", response_model=PackageRequestOut, status_code=202, dependencies=[WRITE]
)
def request_packages(
    case_id: str,
    body: PackageRequestIn,
    request: Request,
    p: PrincipalDep,
    db: SessionDep,
    settings: SettingsDep,
    lang: LangQuery = None,
    accept_language: AcceptLanguage = None,
) -> PackageRequestOut:
    """Build a package for every eligible jurisdiction asked for; the others come back with reasons.

    Cleared evidence that cannot be shared fails a build naming the item, unless it is in `exclude` (or,
    for a type that cannot be sanitised, `share_original`), with a reason. Builds run as jobs: the answer
    shows each package's state once the request is committed (`built` or `failed` already when jobs run
    in-process); otherwise follow GET /packages/{id} (state, progress). Refusals' `text` is in the
    caller's language (`lang`, else Accept-Language)."""
    choices = [packaging.EvidenceChoice(c.evidence_id, "exclude", c.reason) for c in body.exclude]
    choices += [
        packaging.EvidenceChoice(c.evidence_id, "share_original", c.reason) for c in body.share_original
    ]
    result = packaging.request_packages(
        db,
        p,
        case_id,
        body.jurisdictions,
        client_ip(request),
        settings=settings,
        choices=choices,
        lang=labels.pick_lang(lang, accept_language),
    )
    # Commit now (jobs leave with the commit: in-process builds run in it), then answer the true state.
    db.commit()
    for pkg in result.packages:
        db.refresh(pkg)
    return PackageRequestOut(
        case_id=result.case.id,
        packages=packages_out(db, result.packages),
        refused=[RefusalOut.model_validate(r.as_dict()) for r in result.refused],
    )


@router.get("/cases/{case_id}/packages", response_model=list[PackageOut], dependencies=[READ])
def list_packages(case_id: str, p: PrincipalDep, db: SessionDep) -> list[PackageOut]:
    return packages_out(db, packaging.list_packages(db, p, case_id))


@router.get("/cases/{case_id}/submissions-summary", response_model=SubmissionsSummaryOut, dependencies=[READ])
def submissions_summary(case_id: str, p: PrincipalDep, db: SessionDep) -> SubmissionsSummaryOut:
    return SubmissionsSummaryOut.model_validate(submissions.case_summary(db, p, case_id))


@router.get("/packages/{package_id}", response_model=PackageOut, dependencies=[READ])
def get_package(package_id: str, p: PrincipalDep, db: SessionDep) -> PackageOut:
    return packages_out(db, [packaging.get_package(db, p, package_id)])[0]


@router.get(
    "/packages/{package_id}/download",
    dependencies=[READ],
    responses={200: {"content": {"application/zip": {}}}},
)
def download_package(
    package_id: str, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> StreamingResponse:
    pkg, chunks = packaging.open_download(db, settings, p, package_id, client_ip(request))
    name = f"package-{pkg.case_id}-{pkg.jurisdiction}-r{pkg.revision_number}.zip"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "ETag": f'"{pkg.sha256}"'}
    if pkg.size is not None:
        headers["Content-Length"] = str(pkg.size)
    return StreamingResponse(chunks, media_type="application/zip", headers=headers)


@router.post("/packages/{package_id}/send", response_model=SubmissionOut, dependencies=[WRITE])
def send_package(
    package_id: str, body: SendIn, request: Request, p: PrincipalDep, db: SessionDep
) -> SubmissionOut:
    """Record that the package was sent (date, channel, addressee, reference)."""
    sub = submissions.record_sent(
        db, p, package_id, submissions.SendInput(**body.model_dump()), client_ip(request)
    )
    return submission_out(db, sub)


@router.get("/packages/{package_id}/submission", response_model=SubmissionOut, dependencies=[READ])
def package_submission(package_id: str, p: PrincipalDep, db: SessionDep) -> SubmissionOut:
    return submission_out(db, submissions.for_package(db, p, package_id))


@router.get("/submissions/{submission_id}", response_model=SubmissionOut, dependencies=[READ])
def get_submission(submission_id: str, p: PrincipalDep, db: SessionDep) -> SubmissionOut:
    return submission_out(db, submissions.get_submission(db, p, submission_id))


@router.post("/submissions/{submission_id}/status", response_model=SubmissionOut, dependencies=[WRITE])
def change_submission_status(
    submission_id: str, body: StatusIn, request: Request, p: PrincipalDep, db: SessionDep
) -> SubmissionOut:
    """Move the submission along its timeline; a jump the timeline does not allow is a 409."""
    designation = (
        submissions.Designation(**body.designation.model_dump()) if body.designation is not None else None
    )
    data = submissions.StatusInput(**{**body.model_dump(exclude={"designation"}), "designation": designation})
    sub = submissions.change_status(db, p, submission_id, data, client_ip(request))
    return submission_out(db, sub)


@router.patch("/submissions/{submission_id}", response_model=SubmissionOut, dependencies=[WRITE])
def update_submission(
    submission_id: str, body: SubmissionPatchIn, request: Request, p: PrincipalDep, db: SessionDep
) -> SubmissionOut:
    """Change the follow-up date (null clears it), the reference or the addressee."""
    fields = body.model_dump(exclude_unset=True)
    sub = submissions.update_submission(
        db, p, submission_id, submissions.UpdateInput(fields), client_ip(request)
    )
    return submission_out(db, sub)
