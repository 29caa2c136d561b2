"""Trusted timestamps (RFC 3161) against a real local TSA (`openssl ts -reply` over HTTP): a token at
ingest over each original's SHA-256, checked by rfc3161-client and by `openssl ts -verify`; retried
while the TSA is down; the audit chain's head stamped; packages carrying tokens and the command line."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from rfc3161_client import _rust
from sqlalchemy import select, update

from app.db import utcnow
from app.jobs import queue
from app.jobs import timestamps as timestamp_jobs
from app.models.audit import AuditEvent
from app.models.evidence import AuditTimestamp, Evidence, EvidenceTimestamp, TimestampState
from app.storage import make_blob_store
from app.workflows import timestamps
from tests.conftest import make_settings
from tests.support.flows import LazyLogins, force_status
from tests.support.review_flow import new_case
from tests.support.tsa import openssl_verify, tsa

__all__ = ["tsa"]

STATEMENT = b"Statement of witness W-7 on 3 March 2024: the convoy left the base at dawn.\n" * 20
REPLY = "application/timestamp-reply"


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


@pytest.fixture
def settings(request: pytest.FixtureRequest, pg_url: str, tmp_path: Any) -> Any:
    """With the local TSA and its root as PORTAL_TSA_CA_FILE; `indirect` "none": no TSA at all."""
    if getattr(request, "param", "") == "none":
        return make_settings(pg_url, tmp_path / "var")
    local = request.getfixturevalue("tsa")
    return make_settings(
        pg_url,
        tmp_path / "var",
        tsa_url=local.url,
        tsa_ca_file=local.ca_cert,
        package_unscanned_evidence=True,
        tsa_retry_seconds=1.0,
    )


@pytest.fixture
def local_tsa(tsa: Any) -> Any:
    yield tsa
    tsa.up = True


def upload(
    api: Any, case_id: str, data: bytes = STATEMENT, name: str = "statement.txt", **fields: str
) -> Any:
    r = api.post(
        f"/api/v1/cases/{case_id}/evidence",
        data={"title": "Witness statement W-7", **fields},
        files={"file": (name, data, "application/octet-stream")},
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_the_request_is_a_valid_timestamp_query() -> None:
    digest = hashlib.sha256(b"x").digest()
    parsed = _rust.parse_timestamp_request(timestamps.timestamp_query(digest, 2**62 + 5))
    assert parsed.version == 1 and parsed.nonce == 2**62 + 5 and parsed.cert_req
    assert parsed.message_imprint.message == digest
    with pytest.raises(ValueError):
        timestamps.timestamp_query(b"short", 1)


def test_token_at_ingest_verifies_with_openssl_and_fails_once_a_byte_changes(
    as_, settings, local_tsa, db, tmp_path
):
    researcher = as_["researcher_a"]
    case = new_case(researcher)
    before = local_tsa.requests
    ev = upload(researcher, case["id"])
    assert local_tsa.requests == before + 1  # asked once, right after ingest
    ev = researcher.get(f"/api/v1/evidence/{ev['id']}").json()
    assert ev["timestamp"]["state"] == "granted", ev["timestamp"]
    assert ev["timestamp"]["tsa"] == local_tsa.url and ev["timestamp"]["gen_time"]

    custody = researcher.get(f"/api/v1/evidence/{ev['id']}/custody").json()
    stamped = [c for c in custody if c["action"] == "timestamped"]
    assert len(stamped) == 1 and stamped[0]["sha256"] == ev["sha256"] and stamped[0]["audit_seq"]
    assert stamped[0]["detail"]["tsa"] == local_tsa.url and stamped[0]["detail"]["serial"]

    info = researcher.get(f"/api/v1/evidence/{ev['id']}/timestamp").json()
    assert info["state"] == "granted" and info["sha256"] == ev["sha256"]
    assert info["verification"]["valid"] and info["verification"]["signature_checked"], info
    raw = researcher.get(f"/api/v1/evidence/{ev['id']}/timestamp", headers={"Accept": REPLY})
    assert raw.status_code == 200 and raw.headers["content-type"] == REPLY
    assert raw.content == base64.b64decode(info["token_base64"])

    token, original = tmp_path / "token.tsr", tmp_path / "statement.txt"
    token.write_bytes(raw.content)
    original.write_bytes(STATEMENT)
    ok = openssl_verify(
        tmp_path, "-data", str(original), "-in", str(token), "-CAfile", str(local_tsa.ca_cert)
    )
    assert "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    by_digest = (
        info["verify_offline"].replace("E-1.tsr", str(token)).replace("tsa-chain.pem", str(local_tsa.ca_cert))
    )
    assert "Verification: OK" in openssl_verify(tmp_path, *by_digest.split()[3:]).stdout
    original.write_bytes(STATEMENT[:10] + b"X" + STATEMENT[11:])  # one byte changed
    bad = openssl_verify(
        tmp_path, "-data", str(original), "-in", str(token), "-CAfile", str(local_tsa.ca_cert)
    )
    assert bad.returncode != 0 and "Verification: OK" not in bad.stdout

    verified = researcher.post(f"/api/v1/evidence/{ev['id']}/verify").json()
    assert verified["match"] and verified["timestamp"]["valid"], verified
    # One byte of the stored original changes: the hashes and the token both say so.
    row = db.get(Evidence, ev["id"])
    store = make_blob_store(settings)
    store.delete(row.storage_key)
    store.put_stream(row.storage_key, [STATEMENT[:10] + b"X" + STATEMENT[11:]])
    verified = researcher.post(f"/api/v1/evidence/{ev['id']}/verify").json()
    assert not verified["match"] and not verified["timestamp"]["valid"], verified
    assert "stored original now hashes to" in verified["timestamp"]["detail"]
    custody = researcher.get(f"/api/v1/evidence/{ev['id']}/custody").json()
    assert custody[-1]["action"] == "verified" and custody[-1]["detail"]["timestamp"]["valid"] is False


def test_tsa_down_at_ingest_then_up_the_token_arrives(as_, settings, local_tsa, db, sm):
    researcher = as_["researcher_a"]
    case = new_case(researcher)
    local_tsa.up = False
    ev = upload(researcher, case["id"])  # the upload never waits for the TSA
    got = researcher.get(f"/api/v1/evidence/{ev['id']}").json()
    assert got["timestamp"]["state"] == "pending" and "HTTP 503" in got["timestamp"]["note"], got["timestamp"]
    row = db.execute(select(EvidenceTimestamp).where(EvidenceTimestamp.evidence_id == ev["id"])).scalar_one()
    assert row.attempts == 1 and row.next_attempt_at is not None and row.token is None

    ctx = queue.JobContext(settings, sm)
    timestamp_jobs.retry_timestamps(ctx)  # not due yet: nothing asked
    db.refresh(row)
    assert row.attempts == 1
    db.execute(
        update(EvidenceTimestamp).where(EvidenceTimestamp.id == row.id).values(next_attempt_at=utcnow())
    )
    db.commit()
    timestamp_jobs.retry_timestamps(ctx)  # due, still down: backs off further
    db.refresh(row)
    assert row.attempts == 2 and row.state == TimestampState.pending
    assert row.next_attempt_at is not None and row.next_attempt_at > utcnow() + timedelta(seconds=1)

    local_tsa.up = True
    db.execute(
        update(EvidenceTimestamp).where(EvidenceTimestamp.id == row.id).values(next_attempt_at=utcnow())
    )
    db.commit()
    timestamp_jobs.retry_timestamps(ctx)
    db.refresh(row)
    assert row.state == TimestampState.granted and row.attempts == 3 and row.token
    got = researcher.get(f"/api/v1/evidence/{ev['id']}").json()
    assert got["timestamp"]["state"] == "granted"
    custody = researcher.get(f"/api/v1/evidence/{ev['id']}/custody").json()
    assert [c["action"] for c in custody].count("timestamped") == 1


def test_items_that_never_asked_are_swept_up(as_, settings, local_tsa, db, sm):
    """A lost job (or a TSA configured after the upload): the periodic job asks for the token."""
    researcher = as_["researcher_a"]
    case = new_case(researcher)
    ev = upload(researcher, case["id"])
    db.execute(EvidenceTimestamp.__table__.delete().where(EvidenceTimestamp.evidence_id == ev["id"]))
    db.execute(
        update(Evidence).where(Evidence.id == ev["id"]).values(created_at=utcnow() - timedelta(hours=1))
    )
    db.commit()
    ctx = queue.JobContext(settings, sm)
    timestamp_jobs.retry_timestamps(ctx)  # queues it (inline: the job runs at once)
    row = db.execute(select(EvidenceTimestamp).where(EvidenceTimestamp.evidence_id == ev["id"])).scalar_one()
    assert row.state == TimestampState.granted


@pytest.mark.parametrize("settings", ["none"], indirect=True)
def test_without_a_tsa_every_item_says_no_timestamp(as_, settings):
    researcher = as_["researcher_a"]
    case = new_case(researcher)
    ev = upload(researcher, case["id"])
    assert ev["timestamp"] == {
        "state": "none",
        "note": "no timestamp: no Time-Stamping Authority is configured (PORTAL_TSA_URL)",
        "gen_time": None,
        "tsa": None,
    }
    info = researcher.get(f"/api/v1/evidence/{ev['id']}/timestamp").json()
    assert info["state"] == "none" and info["token_base64"] is None and info["verification"] is None
    raw = researcher.get(f"/api/v1/evidence/{ev['id']}/timestamp", headers={"Accept": REPLY})
    assert raw.status_code == 404 and raw.headers["content-type"] == "application/problem+json"
    verified = researcher.post(f"/api/v1/evidence/{ev['id']}/verify").json()
    assert verified["match"] and verified["timestamp"] is None
    assert as_["researcher_b"].get(f"/api/v1/evidence/{ev['id']}/timestamp").status_code == 404


def test_the_audit_chain_head_is_timestamped_daily(settings, local_tsa, db, sm, seeded, tmp_path):
    ctx = queue.JobContext(settings, sm)
    timestamp_jobs.timestamp_audit_head(ctx)
    rows = db.execute(select(AuditTimestamp)).scalars().all()
    assert len(rows) == 1 and rows[0].state == TimestampState.granted and rows[0].token
    row = rows[0]
    check = timestamps.check_token(row.token, row.sha256, settings)
    assert check.valid and check.signature_checked, check
    token = tmp_path / "head.tsr"
    token.write_bytes(row.token)
    ok = openssl_verify(tmp_path, "-digest", row.sha256, "-in", str(token), "-CAfile", str(local_tsa.ca_cert))
    assert "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    event = (
        db.execute(
            select(AuditEvent).where(AuditEvent.action == "audit.timestamped").order_by(AuditEvent.seq.desc())
        )
        .scalars()
        .first()
    )
    assert event is not None and event.data["seq"] == row.audit_seq and event.data["head_hash"] == row.sha256
    timestamp_jobs.timestamp_audit_head(ctx)  # within the day: not again
    assert len(db.execute(select(AuditTimestamp)).all()) == 1


def test_a_token_from_another_digest_or_a_forged_reply_is_refused(settings, local_tsa) -> None:
    digest = hashlib.sha256(b"one file").hexdigest()
    reply = local_tsa.reply(timestamps.timestamp_query(bytes.fromhex(digest), 7))
    assert timestamps.check_token(reply, digest, settings, nonce=7).valid
    other = hashlib.sha256(b"another file").hexdigest()
    assert "stamps SHA-256" in timestamps.check_token(reply, other, settings).detail
    assert not timestamps.check_token(reply, digest, settings, nonce=8).valid
    assert not timestamps.check_token(b"\x30\x03\x02\x01\x00", digest, settings).valid
    # Signed by a key the configured root does not certify: the signature check fails.
    foreign = settings.model_copy(update={"tsa_ca_file": local_tsa.tsa_cert})
    assert not timestamps.check_token(reply, digest, foreign).valid
    unchecked = settings.model_copy(update={"tsa_ca_file": None})
    result = timestamps.check_token(reply, digest, unchecked)
    assert result.valid and not result.signature_checked and "not checked" in result.detail


def test_packages_carry_each_items_token_and_how_to_check_it(as_, settings, local_tsa, db, tmp_path):
    researcher = as_["researcher_a"]
    case = new_case(researcher)
    ev = upload(researcher, case["id"], sensitivity="public", share_with="us,uk")
    force_status(db, case["id"], "approved")
    coordinator = as_["coordinator_a"]
    r = coordinator.post(f"/api/v1/cases/{case['id']}/packages", json={"jurisdictions": ["us"]})
    (pkg,) = r.json()["packages"]
    assert pkg["state"] == "built", pkg
    z = zipfile.ZipFile(io.BytesIO(coordinator.get(f"/api/v1/packages/{pkg['id']}/download").content))
    names = z.namelist()
    assert names[:3] == ["evidence/E-001.txt", "timestamps/E-001.tsr", "timestamps/tsa-chain.pem"]
    manifest = json.loads(z.read("manifest.json"))
    (item,) = manifest["evidence"]
    assert item["scan"] == "not scanned" and item["shared"] == "sanitised"
    assert item["timestamp"]["token"] == "timestamps/E-001.tsr" and item["timestamp"]["tsa"] == local_tsa.url
    assert "openssl ts -verify -digest" in manifest["timestamp_verification"]
    assert {f["path"] for f in manifest["files"]} >= {"timestamps/E-001.tsr", "timestamps/tsa-chain.pem"}
    z.extractall(tmp_path / "pkg")
    command = item["timestamp"]["verify"].split()
    assert command[:4] == ["openssl", "ts", "-verify", "-digest"] and command[4] == ev["sha256"]
    ok = openssl_verify(tmp_path / "pkg", *command[3:])
    assert "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    dossier = json.loads(z.read("dossier.json"))
    assert dossier["evidence"][0]["timestamp"] == "timestamps/E-001.tsr"
    assert dossier["evidence"][0]["scan"] == "not scanned"
