"""Evidence through HTTP: multipart ingest (local and S3 over HTTP), ClamAV, mat2, custody, downloads,
verification, deletion; refusals leave no row and no blob."""

from __future__ import annotations

import hashlib
import io
import uuid
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import ExifTags, Image
from pydantic import SecretStr
from sqlalchemy import func, select

from app.models.evidence import CustodyEvent, Evidence
from tests.conftest import make_settings
from tests.support.clamav import EICAR, clamd_socket
from tests.support.moto_server import s3_endpoint
from tests.support.review_flow import new_case, submit

__all__ = ["clamd_socket", "s3_endpoint"]

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x03\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 200


class LazyLogins(dict):
    """`as_["coordinator_a"]` signs that person in on first use (the shared fixture signs in all seven)."""

    def __init__(self, login: Any) -> None:
        super().__init__()
        self._login = login

    def __missing__(self, who: str) -> Any:
        self[who] = api = self._login(who)
        return api


@pytest.fixture
def as_(login: Any) -> LazyLogins:
    return LazyLogins(login)


@pytest.fixture
def settings(request: pytest.FixtureRequest, pg_url: str, tmp_path) -> Any:
    """Local storage by default; `@pytest.mark.parametrize("settings", ["s3+clamd"], indirect=True)`."""
    kind = getattr(request, "param", "local")
    overrides: dict[str, Any] = {}
    if "s3" in kind:
        overrides.update(
            storage_backend="s3",
            s3_endpoint_url=request.getfixturevalue("s3_endpoint"),
            s3_bucket=f"evidence-{uuid.uuid4().hex[:12]}",
            s3_access_key_id="testing",
            s3_secret_access_key="testing",
        )
    if "clamd" in kind:
        overrides["clamd_socket"] = request.getfixturevalue("clamd_socket")
    if "require" in kind:
        overrides["require_scanner"] = True
    if "small" in kind:
        overrides.update(max_upload_bytes=100_000, case_quota_bytes=150_000)
    return make_settings(pg_url, tmp_path / "var", **overrides)


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Model] = "Pocket 3"
    exif[ExifTags.Base.Artist] = "Ivan Source"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (55.0, 45.0, 30.0), 3: "E", 4: (37.0, 36.0, 0.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as img:
        return dict(img.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def upload(api, case_id: str, data: bytes, filename: str = "photo.jpg", **fields: str):
    return api.post(
        f"/api/v1/cases/{case_id}/evidence",
        data=fields,
        files={"file": (filename, data, "application/octet-stream")},
    )


def stored_objects(settings) -> list[str]:
    if settings.storage_backend == "s3":
        s3 = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        try:
            listed = s3.list_objects_v2(Bucket=settings.s3_bucket, Prefix="objects/")
        except s3.exceptions.NoSuchBucket:
            return []
        return [o["Key"] for o in listed.get("Contents", [])]
    root = settings.effective_storage_dir / "objects"
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def count_evidence(db) -> int:
    return db.execute(select(func.count()).select_from(Evidence)).scalar_one()


@pytest.fixture
def case(as_) -> dict:
    return new_case(as_["researcher_a"])


@pytest.mark.parametrize("settings", ["local", "s3"], indirect=True)
def test_upload_hash_sniff_custody_and_sanitised_copy(as_, case, settings, db):
    api = as_["researcher_a"]
    photo = jpeg_with_gps()
    assert gps_of(photo), "the fixture photo must carry GPS"
    perp = case["content"]["perpetrators"][0]["id"]
    r = upload(
        api,
        case["id"],
        photo,
        "IMG_0042.jpg",
        title="Detention centre gate",
        captured_date="2024-03",
        captured_place="Zarechny",
        sensitivity="confidential",
        share_with="us,uk",
        perpetrator_ids=perp,
        sha256=hashlib.sha256(photo).hexdigest(),
    )
    assert r.status_code == 201, r.text
    ev = r.json()
    assert r.headers["location"] == f"/api/v1/evidence/{ev['id']}"
    assert ev["sha256"] == hashlib.sha256(photo).hexdigest() and ev["size"] == len(photo)
    assert ev["media_type"] == "image/jpeg" and ev["label"] == "E-1"
    assert ev["share_with"] == ["us", "uk"] and ev["perpetrator_ids"] == [perp]
    assert ev["original_filename"] == "IMG_0042.jpg"

    # The jobs ran after the response: not scanned (no clamd configured here), sanitised with mat2.
    ev = api.get(f"/api/v1/evidence/{ev['id']}").json()
    assert ev["scan_status"] == "not_scanned"
    assert ev["sanitise_status"] == "done", ev
    assert ev["downloadable"] == ["original", "sanitised"] and ev["default_variant"] == "original"

    original = api.get(f"/api/v1/evidence/{ev['id']}/content")
    assert original.status_code == 200
    assert original.content == photo
    assert original.headers["content-disposition"].startswith('attachment; filename="IMG_0042.jpg"')
    assert original.headers["x-content-type-options"] == "nosniff"
    assert original.headers["content-type"] == "application/octet-stream"
    assert "sandbox" in original.headers["content-security-policy"]

    clean = api.get(f"/api/v1/evidence/{ev['id']}/content", params={"variant": "sanitised"})
    assert clean.status_code == 200
    assert hashlib.sha256(clean.content).hexdigest() == ev["derivative_sha256"]
    assert gps_of(clean.content) == {}
    assert b"SpyCam" not in clean.content and b"Ivan Source" not in clean.content
    assert clean.headers["content-disposition"].startswith('attachment; filename="E-1-sanitised.jpg"')

    custody = api.get(f"/api/v1/evidence/{ev['id']}/custody").json()
    actions = [c["action"] for c in custody]
    assert actions == ["uploaded", "scanned", "derived", "downloaded", "downloaded"]
    assert custody[0]["sha256"] == ev["sha256"] and custody[0]["actor_user_id"]
    assert custody[1]["detail"]["result"] == "not_scanned" and custody[1]["actor_user_id"] is None
    assert custody[2]["sha256"] == ev["derivative_sha256"] and custody[2]["detail"]["tool"] == "mat2"
    assert [c["detail"]["variant"] for c in custody[3:]] == ["original", "sanitised"]
    assert all(c["audit_seq"] for c in custody)

    audit = as_["coalition_admin"].get("/api/v1/audit/events", params={"target_id": ev["id"]}).json()
    assert {a["seq"] for a in audit} == {c["audit_seq"] for c in custody}
    assert as_["coalition_admin"].get("/api/v1/audit/verify").json()["ok"] is True

    listed = api.get(f"/api/v1/cases/{case['id']}/evidence").json()
    assert [i["id"] for i in listed["items"]] == [ev["id"]] and listed["total_size"] == len(photo)


@pytest.mark.parametrize("settings", ["s3+clamd"], indirect=True)
def test_clamav_quarantines_eicar_and_passes_a_clean_file(as_, case, settings, login):
    api = as_["researcher_a"]
    bad = upload(api, case["id"], EICAR, "notes.txt")
    assert bad.status_code == 201, bad.text
    good = upload(api, case["id"], b"Witness statement, 12 March.\n" * 100, "statement.txt")
    assert good.status_code == 201, good.text

    bad_ev = api.get(f"/api/v1/evidence/{bad.json()['id']}").json()
    assert bad_ev["scan_status"] == "infected" and bad_ev["quarantined"] is True
    assert "Eicar" in bad_ev["scan_signature"]
    assert bad_ev["downloadable"] == [] and bad_ev["sanitise_status"] == "pending"
    r = api.get(f"/api/v1/evidence/{bad_ev['id']}/content")
    assert r.status_code == 409 and r.json()["type"].endswith("/quarantined")
    assert "quarantined" in r.json()["detail"]
    custody = api.get(f"/api/v1/evidence/{bad_ev['id']}/custody").json()
    assert [c["action"] for c in custody] == ["uploaded", "scanned"]
    assert custody[1]["detail"]["quarantined"] is True

    good_ev = api.get(f"/api/v1/evidence/{good.json()['id']}").json()
    assert good_ev["scan_status"] == "clean"
    assert api.get(f"/api/v1/evidence/{good_ev['id']}/content").content.startswith(b"Witness statement")


@pytest.mark.parametrize("settings", ["require"], indirect=True)
def test_required_scanner_missing_means_not_served(as_, case):
    api = as_["researcher_a"]
    ev = upload(api, case["id"], b"statement\n", "s.txt").json()
    ev = api.get(f"/api/v1/evidence/{ev['id']}").json()
    assert ev["scan_status"] == "error" and ev["downloadable"] == []
    r = api.get(f"/api/v1/evidence/{ev['id']}/content")
    assert r.status_code == 409 and "could not be scanned" in r.json()["detail"]


@pytest.mark.parametrize("settings", ["local", "s3"], indirect=True)
def test_refusals_leave_no_row_and_no_blob(as_, case, settings, db):
    api = as_["researcher_a"]
    photo = jpeg_with_gps()
    before = count_evidence(db)

    r = upload(api, case["id"], photo, sha256="0" * 64)
    assert r.status_code == 422 and r.json()["type"].endswith("/checksum-mismatch")
    assert r.json()["received_sha256"] == hashlib.sha256(photo).hexdigest()

    r = upload(api, case["id"], ELF, "report.pdf")
    assert r.status_code == 415 and "executable" in r.json()["detail"]
    r = upload(api, case["id"], b"<!DOCTYPE html><html><script>alert(1)</script></html>", "photo.jpg")
    assert r.status_code == 415 and "web page" in r.json()["detail"]
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
    assert upload(api, case["id"], svg, "map.svg").status_code == 415
    assert upload(api, case["id"], b"", "empty.jpg").status_code == 422

    assert count_evidence(db) == before
    assert stored_objects(settings) == []


@pytest.mark.parametrize("settings", ["small"], indirect=True)
def test_size_limit_and_case_quota(as_, case, settings, db):
    api = as_["researcher_a"]
    r = upload(api, case["id"], b"a" * 120_000, "big.txt")
    assert r.status_code == 413 and "100000 byte limit" in r.json()["detail"]
    one = upload(api, case["id"], b"b" * 90_000, "one.txt")
    assert one.status_code == 201
    r = upload(api, case["id"], b"c" * 90_000, "two.txt")
    assert r.status_code == 413 and "quota" in r.json()["detail"]
    assert count_evidence(db) == 1
    assert stored_objects(settings) and all(one.json()["id"] in key for key in stored_objects(settings))


def test_form_problems(as_, case):
    api = as_["researcher_a"]
    r = api.post(f"/api/v1/cases/{case['id']}/evidence", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = api.post(f"/api/v1/cases/{case['id']}/evidence", data={"title": "no file"}, files={"x": ("", b"")})
    assert r.status_code in (415, 422)
    r = upload(api, case["id"], b"text\n", "a.txt", sensitivity="secret")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "sensitivity"]
    r = upload(api, case["id"], b"text\n", "a.txt", perpetrator_ids="nobody")
    assert r.status_code == 422 and "nobody" in r.json()["errors"][0]["msg"]


def test_fields_after_the_file_are_read(as_, case):
    api = as_["researcher_a"]
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="w.txt"\r\n\r\n'
        "witness text\n"
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nLate title'
        f"\r\n--{boundary}--\r\n"
    ).encode()
    r = api.post(
        f"/api/v1/cases/{case['id']}/evidence",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["title"] == "Late title" and r.json()["original_filename"] == "w.txt"


def test_tenants_and_roles(as_, case):
    api = as_["researcher_a"]
    ev = upload(api, case["id"], jpeg_with_gps()).json()
    other = as_["researcher_b"]
    assert upload(other, case["id"], b"text\n", "x.txt").status_code == 404
    for url in (
        f"/api/v1/evidence/{ev['id']}",
        f"/api/v1/evidence/{ev['id']}/content",
        f"/api/v1/evidence/{ev['id']}/custody",
        f"/api/v1/cases/{case['id']}/evidence",
    ):
        assert other.get(url).status_code == 404, url
        assert as_["coordinator_a"].get(url).status_code == 404, url  # not submitted yet
    assert other.post(f"/api/v1/evidence/{ev['id']}/verify").status_code == 404
    assert other.delete(f"/api/v1/evidence/{ev['id']}").status_code == 404
    assert other.patch(f"/api/v1/evidence/{ev['id']}", json={"title": "x"}).status_code == 404


def test_coalition_downloads_sanitised_by_default_and_original_with_reason(as_, case):
    api = as_["researcher_a"]
    photo = jpeg_with_gps()
    ev = upload(api, case["id"], photo, "IMG_7.jpg").json()
    secret = upload(api, case["id"], photo, "interview-ivan.jpg", sensitivity="source_identifying").json()
    submit(api, case["id"])

    coord = as_["coordinator_a"]
    seen = coord.get(f"/api/v1/evidence/{ev['id']}").json()
    assert seen["default_variant"] == "sanitised"
    r = coord.get(f"/api/v1/evidence/{ev['id']}/content")
    assert r.status_code == 200 and r.headers["x-evidence-variant"] == "sanitised"
    assert gps_of(r.content) == {}
    r = coord.get(f"/api/v1/evidence/{ev['id']}/content", params={"variant": "original"})
    assert r.status_code == 422 and "reason" in r.json()["detail"]
    r = coord.get(
        f"/api/v1/evidence/{ev['id']}/content", params={"variant": "original", "reason": "forensic check"}
    )
    assert r.status_code == 200 and r.content == photo
    last = coord.get(f"/api/v1/evidence/{ev['id']}/custody").json()[-1]
    assert last["action"] == "downloaded" and last["detail"] == {
        "variant": "original",
        "reason": "forensic check",
    }

    # Source-identifying: not for coordinators (not even its file name), yes for coalition admins.
    hidden = coord.get(f"/api/v1/evidence/{secret['id']}").json()
    assert hidden["original_filename"] is None and hidden["downloadable"] == []
    r = coord.get(f"/api/v1/evidence/{secret['id']}/content")
    assert r.status_code == 403 and "source-identifying" in r.json()["detail"]
    admin = as_["coalition_admin"]
    assert admin.get(f"/api/v1/evidence/{secret['id']}").json()["original_filename"] == "interview-ivan.jpg"
    assert admin.get(f"/api/v1/evidence/{secret['id']}/content").status_code == 200
    assert api.get(f"/api/v1/evidence/{secret['id']}/content").content == photo


def test_metadata_edits_and_freeze_after_submission(as_, case):
    api = as_["researcher_a"]
    ev = upload(api, case["id"], b"statement\n", "s.txt").json()
    incident = case["content"]["abuses"][0]["incidents"][0]["id"]
    r = api.patch(
        f"/api/v1/evidence/{ev['id']}",
        json={"title": "Statement of W-3", "incident_ids": [incident], "captured_date": "2023-11-02"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["incident_ids"] == [incident] and r.json()["captured_date"] == "2023-11-02"
    assert api.patch(f"/api/v1/evidence/{ev['id']}", json={"incident_ids": ["nope"]}).status_code == 422
    assert api.patch(f"/api/v1/evidence/{ev['id']}", json={"captured_date": "2023-13"}).status_code == 422
    assert api.patch(f"/api/v1/evidence/{ev['id']}", json={"title": None}).status_code == 422
    assert as_["coordinator_a"].patch(f"/api/v1/evidence/{ev['id']}", json={"title": "x"}).status_code in (
        403,
        404,
    )

    submit(api, case["id"])
    r = api.patch(f"/api/v1/evidence/{ev['id']}", json={"title": "Changed"})
    assert r.status_code == 409
    r = api.patch(f"/api/v1/evidence/{ev['id']}", json={"sensitivity": "source_identifying"})
    assert r.status_code == 200 and r.json()["sensitivity"] == "source_identifying"
    assert api.patch(f"/api/v1/evidence/{ev['id']}", json={"sensitivity": "public"}).status_code == 409
    assert upload(api, case["id"], b"more\n", "m.txt").status_code == 409  # case no longer editable

    changes = [
        c for c in api.get(f"/api/v1/evidence/{ev['id']}/custody").json() if c["action"] == "metadata_changed"
    ]
    assert changes[0]["detail"]["changes"]["title"] == {"from": "s.txt", "to": "Statement of W-3"}
    assert changes[-1]["detail"]["changes"]["sensitivity"]["to"] == "source_identifying"


@pytest.mark.parametrize("settings", ["local", "s3"], indirect=True)
def test_verify_detects_tampering(as_, case, settings, db):
    api = as_["researcher_a"]
    ev = upload(api, case["id"], b"original testimony\n" * 1000, "t.txt").json()
    r = api.post(f"/api/v1/evidence/{ev['id']}/verify")
    assert r.status_code == 200 and r.json()["match"] is True
    assert {c["variant"] for c in r.json()["checks"]} >= {"original"}

    key = db.get(Evidence, ev["id"]).storage_key
    if settings.storage_backend == "s3":
        s3 = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        s3.put_object(Bucket=settings.s3_bucket, Key=f"objects/{key}", Body=b"forged testimony\n")
    else:
        path = settings.effective_storage_dir / "objects" / f"{key}.age"
        raw = bytearray(path.read_bytes())
        raw[-40] ^= 0xFF
        path.write_bytes(bytes(raw))
    r = api.post(f"/api/v1/evidence/{ev['id']}/verify")
    assert r.status_code == 200
    original = next(c for c in r.json()["checks"] if c["variant"] == "original")
    assert r.json()["match"] is False and original["match"] is False
    verified = [
        c for c in api.get(f"/api/v1/evidence/{ev['id']}/custody").json() if c["action"] == "verified"
    ]
    assert [v["detail"]["match"] for v in verified] == [True, False]


@pytest.mark.parametrize("settings", ["s3"], indirect=True)
def test_delete_before_submission_and_purge_after(as_, case, settings, db):
    api = as_["researcher_a"]
    first = upload(api, case["id"], jpeg_with_gps()).json()
    assert len(stored_objects(settings)) == 2  # original + sanitised
    r = api.delete(f"/api/v1/evidence/{first['id']}", params={"reason": "wrong file"})
    assert r.status_code == 204
    assert stored_objects(settings) == []
    assert api.get(f"/api/v1/evidence/{first['id']}/content").status_code == 410
    assert api.get(f"/api/v1/cases/{case['id']}/evidence").json()["items"] == []
    kept = api.get(f"/api/v1/cases/{case['id']}/evidence", params={"include_deleted": True}).json()["items"]
    assert kept[0]["deleted_reason"] == "wrong file" and kept[0]["sha256"] == first["sha256"]
    assert api.get(f"/api/v1/evidence/{first['id']}/custody").json()[-1]["action"] == "deleted"
    assert api.delete(f"/api/v1/evidence/{first['id']}").status_code == 410

    second = upload(api, case["id"], b"retained\n", "r.txt").json()
    submit(api, case["id"])
    r = api.delete(f"/api/v1/evidence/{second['id']}")
    assert r.status_code == 409 and "coalition admin" in r.json()["detail"]
    assert (
        as_["coordinator_a"]
        .post(f"/api/v1/evidence/{second['id']}/purge", json={"reason": "source in danger"})
        .status_code
        == 403
    )
    admin = as_["coalition_admin"]
    assert admin.post(f"/api/v1/evidence/{second['id']}/purge", json={}).status_code == 422
    r = admin.post(f"/api/v1/evidence/{second['id']}/purge", json={"reason": "source in danger, per NGO"})
    assert r.status_code == 200 and r.json()["deleted_reason"] == "source in danger, per NGO"
    assert stored_objects(settings) == []
    events = db.execute(
        select(CustodyEvent.action)
        .where(CustodyEvent.evidence_id == second["id"])
        .order_by(CustodyEvent.at, CustodyEvent.audit_seq)
    ).scalars()
    assert list(events)[-1] == "purged"


def test_s3_outage_is_a_503_and_nothing_is_recorded(as_, case, pg_url, tmp_path, settings, db):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings.storage_backend = "s3"
    settings.s3_endpoint_url = f"http://{host}:{port}"
    settings.s3_access_key_id = "testing"
    settings.s3_secret_access_key = SecretStr("testing")
    settings.s3_bucket = "outage-bucket"
    api = as_["researcher_a"]
    try:
        assert upload(api, case["id"], b"fine\n", "ok.txt").status_code == 201
    finally:
        server.stop()
    before = count_evidence(db)
    r = upload(api, case["id"], b"lost\n" * 1000, "lost.txt")
    assert r.status_code == 503 and r.headers["retry-after"] == "30"
    assert count_evidence(db) == before
    r = api.post(
        f"/api/v1/cases/{case['id']}/uploads",
        headers={"Tus-Resumable": "1.0.0", "Upload-Length": "100"},
    )
    assert r.status_code == 503 and r.headers["tus-resumable"] == "1.0.0"
    ev_id = api.get(f"/api/v1/cases/{case['id']}/evidence").json()["items"][0]["id"]
    r = api.get(f"/api/v1/evidence/{ev_id}/content")
    assert r.status_code == 503 and "retry-after" in r.headers


@pytest.mark.parametrize("settings", ["s3"], indirect=True)
def test_deleting_a_draft_purges_its_evidence_bytes(as_, case, settings):
    api = as_["researcher_a"]
    upload(api, case["id"], jpeg_with_gps())
    assert len(stored_objects(settings)) == 2
    assert api.delete(f"/api/v1/cases/{case['id']}").status_code == 204
    assert stored_objects(settings) == []
