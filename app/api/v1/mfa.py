"""Two-factor authentication (TOTP): status, enrolment, recovery codes, turning it off."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from app.api.deps import EnrollingPrincipalDep, Permission, PrincipalDep, SessionDep, SettingsDep, client_ip
from app.schemas.mfa import (
    MfaStatusOut,
    ReauthIn,
    RecoveryCodesOut,
    RevokedOut,
    TotpConfirmIn,
    TotpEnrolmentOut,
)
from app.workflows import mfa

router = APIRouter(tags=["two-factor authentication"])


@router.get("/auth/mfa", response_model=MfaStatusOut)
def mfa_status(p: EnrollingPrincipalDep, db: SessionDep, settings: SettingsDep) -> MfaStatusOut:
    s = mfa.status(db, p, settings)
    return MfaStatusOut(
        enabled=s.enabled,
        pending=s.pending,
        confirmed_at=s.confirmed_at,
        recovery_codes_left=s.recovery_codes_left,
        required=s.required,
    )


@router.post("/auth/mfa/totp", response_model=TotpEnrolmentOut, status_code=201)
def begin_totp_enrolment(
    request: Request, p: EnrollingPrincipalDep, db: SessionDep, settings: SettingsDep
) -> TotpEnrolmentOut:
    """Step one: a new secret as an otpauth URI and QR code. Confirm it with a code from the app."""
    e = mfa.begin_enrolment(db, p, settings, client_ip(request))
    return TotpEnrolmentOut(secret=e.secret, otpauth_uri=e.otpauth_uri, qr_svg=e.qr_svg)


@router.post("/auth/mfa/totp/confirm", response_model=RecoveryCodesOut)
def confirm_totp_enrolment(
    body: TotpConfirmIn, request: Request, p: EnrollingPrincipalDep, db: SessionDep, settings: SettingsDep
) -> RecoveryCodesOut:
    """Step two: two-factor is on; returns ten single-use recovery codes (shown once). Your other
    sessions end."""
    return RecoveryCodesOut(
        recovery_codes=mfa.confirm_enrolment(db, p, settings, body.code, client_ip(request))
    )


@router.post("/auth/mfa/disable", response_model=RevokedOut)
def disable_mfa(
    body: ReauthIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> RevokedOut:
    """Needs your password and a code. Your other sessions end."""
    return RevokedOut(revoked=mfa.disable(db, p, settings, body.password, body.code, client_ip(request)))


@router.post("/auth/mfa/recovery-codes", response_model=RecoveryCodesOut)
def regenerate_recovery_codes(
    body: ReauthIn, request: Request, p: PrincipalDep, db: SessionDep, settings: SettingsDep
) -> RecoveryCodesOut:
    """Ten new recovery codes (the old ones stop working). Needs your password and a code."""
    codes = mfa.regenerate_recovery_codes(db, p, settings, body.password, body.code, client_ip(request))
    return RecoveryCodesOut(recovery_codes=codes)


@router.delete(
    "/orgs/{org_id}/members/{user_id}/mfa",
    response_model=RevokedOut,
    dependencies=[Depends(Permission("members:manage"))],
    tags=["organisations"],
)
def reset_member_mfa(
    org_id: str, user_id: str, request: Request, p: PrincipalDep, db: SessionDep
) -> RevokedOut:
    """For a member who lost their authenticator and recovery codes: their second factor is removed
    and all their sessions end; they enrol again at their next sign-in."""
    return RevokedOut(revoked=mfa.reset_for_member(db, p, org_id, user_id, client_ip(request)))
