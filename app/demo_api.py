"""The later-stage demo (evidence, packages, submissions), seeded through the public HTTP API.

Going through the API rather than the tables means the demo exercises exactly what users do: streamed
upload, scan and sanitising jobs, four-eyes approval, a reproducible package build, the tracking
timeline. It runs in-process (no server needed), once: a second run finds its case and stops.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from app.config import Settings
from app.models.cases import CaseFile
from app.workflows.demo import DATA, DEMO_PASSWORD

TITLE = "Zarechny detentions: OSN-7 command"


class _Api:
    def __init__(self, app: Any, email: str) -> None:
        self.client = TestClient(app, base_url="http://127.0.0.1")
        r = self.client.post("/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD})
        r.raise_for_status()
        self.csrf = r.json()["csrf_token"]

    def call(self, method: str, url: str, **kw: Any) -> Any:
        r = self.client.request(method, url, headers={"X-CSRF-Token": self.csrf}, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"demo seed: {method} {url} → {r.status_code} {r.text[:300]}")
        return (
            r.json() if r.content and r.headers.get("content-type", "").startswith("application/") else None
        )


def _photo() -> bytes:
    # A photo carrying GPS and camera metadata, so the sanitised copy visibly differs.
    img = Image.new("RGB", (640, 420), (96, 110, 124))
    exif = Image.Exif()
    exif[0x010F] = "DemoCam"  # Make
    exif[0x0110] = "Model 7"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


_EMAIL = (
    b"From: Press office <press@zarechny-admin.example>\r\n"
    b"To: Lantern Rights Watch <desk@lantern.example>\r\n"
    b"Subject: Re: Request for comment on OSN-7\r\nDate: Tue, 21 Mar 2023 09:12:00 +0300\r\n"
    b"Message-ID: <demo-1@zarechny-admin.example>\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    b"The administration does not comment on the work of the OSN-7 unit.\r\n"
)


def seed_through_api(settings: Settings) -> bool:
    from app.main import create_app

    app = create_app(settings)
    with app.state.sessionmaker() as db:
        if db.execute(select(CaseFile.id).where(CaseFile.title == TITLE)).first() is not None:
            return False
    researcher = _Api(app, "researcher@lantern.example")
    coord_a = _Api(app, "coordinator.a@coalition.example")
    coord_b = _Api(app, "coordinator.b@coalition.example")
    content = json.loads((DATA / "case_zarechny.json").read_text(encoding="utf-8"))
    case = researcher.call(
        "POST",
        "/api/v1/cases",
        json={
            "title": TITLE,
            "target_jurisdictions": ["us", "uk", "ca", "eu"],
            "content": content,
        },
    )
    cid = case["id"]
    uploads = [
        (
            "photo-facility.jpg",
            _photo(),
            {
                "title": "Holding facility, east gate",
                "sensitivity": "public",
                "share_with": "us,uk,ca,eu",
                "captured_date": "2023-03-14",
                "captured_place": "Zarechny",
            },
        ),
        (
            "medical-report.txt",
            b"Medical examination of detainee D-4 (summary, anonymised).\n",
            {"title": "Medical report (anonymised)", "sensitivity": "public", "share_with": "us,uk"},
        ),
        (
            "witness-w2.txt",
            b"Statement of witness W-2. Identity known to Lantern only.\n",
            {"title": "Witness W-2 statement", "sensitivity": "source_identifying"},
        ),
        (
            # An e-mail: no stripper handles one, so the package shares it as received, with a reason.
            "press-office-reply.eml",
            _EMAIL,
            {"title": "Reply of the regional press office", "sensitivity": "public", "share_with": "us"},
        ),
        (
            "medical-report-draft.txt",
            b"Draft of the medical examination summary (superseded by the final report).\n",
            {"title": "Medical report, superseded draft", "sensitivity": "public", "share_with": "us,uk,eu"},
        ),
    ]
    uploaded = {}
    for name, data, fields in uploads:
        ev = researcher.call(
            "POST", f"/api/v1/cases/{cid}/evidence", files={"file": (name, data)}, data=fields
        )
        uploaded[name] = researcher.call("GET", f"/api/v1/evidence/{ev['id']}")
    researcher.call("POST", f"/api/v1/cases/{cid}/submit")
    coord_a.call("POST", f"/api/v1/review/cases/{cid}/assign", json={})
    revision = coord_a.call("GET", f"/api/v1/cases/{cid}")["revision_number"]
    for coord in (coord_a, coord_b):
        coord.call(
            "POST",
            f"/api/v1/review/cases/{cid}/decisions",
            json={"decision": "approve", "revision": revision},
        )
    # The coordinator's decisions on single items, recorded with their reasons in manifest and custody.
    exclude = [
        {
            "evidence_id": uploaded["medical-report-draft.txt"]["id"],
            "reason": "Superseded by the final medical report (E-2)",
        }
    ]
    share_original = []
    email = uploaded["press-office-reply.eml"]
    if email["sanitise_status"] == "not_applicable":
        reason = "The headers show the reply came from the administration's own mail server"
        share_original.append({"evidence_id": email["id"], "reason": reason})
    if not settings.package_unscanned_evidence or settings.require_scanner:
        # A machine without ClamAV whose settings refuse unscanned evidence: say so instead of failing.
        decided = {d["evidence_id"] for d in exclude}
        exclude += [
            {"evidence_id": ev["id"], "reason": "Not scanned for malware on this machine (no ClamAV)"}
            for ev in uploaded.values()
            if ev["sensitivity"] == "public" and ev["scan_status"] != "clean" and ev["id"] not in decided
        ]
        share_original = [
            d for d in share_original if d["evidence_id"] not in {x["evidence_id"] for x in exclude}
        ]
    built = coord_a.call(
        "POST",
        f"/api/v1/cases/{cid}/packages",
        json={"jurisdictions": ["us", "uk", "eu"], "exclude": exclude, "share_original": share_original},
    )
    packages = {p["jurisdiction"]: p for p in built["packages"]}
    today = date.today()
    us = coord_a.call(
        "POST",
        f"/api/v1/packages/{packages['us']['id']}/send",
        json={"sent_on": today.isoformat(), "channel": "email", "reference": "GLOMAG-REF-0001"},
    )
    sub = us["id"]
    # The timeline cannot predate the package, so the demo's steps all happen today.
    for status in ("acknowledged", "under_consideration"):
        coord_a.call("POST", f"/api/v1/submissions/{sub}/status", json={"status": status})
    coord_a.call(
        "POST",
        f"/api/v1/submissions/{sub}/status",
        json={
            "status": "designated",
            "note": "Listed under the Global Magnitsky programme.",
            "designation": {
                "date": today.isoformat(),
                "program": "GLOMAG",
                "list_reference": "SDN-DEMO-0001",
            },
        },
    )
    coord_a.call(
        "POST",
        f"/api/v1/packages/{packages['uk']['id']}/send",
        json={
            "sent_on": today.isoformat(),
            "channel": "meeting",
            "follow_up_date": (today + timedelta(days=18)).isoformat(),
        },
    )
    _handoff(app, packages)
    app.state.engine.dispose()
    return True


# Invented officials, one per jurisdiction's directory (secure hand-off).
RECIPIENTS = [
    ("us", "Jordan Reyes", "U.S. Department of the Treasury, OFAC", "glomag.desk@treasury.example"),
    ("uk", "Alex Morgan", "FCDO Sanctions Directorate", "sanctions.directorate@fcdo.example"),
    (
        "ca",
        "Sam Tremblay",
        "Global Affairs Canada, Sanctions Policy",
        "sanctions.policy@international.example",
    ),
    ("eu", "Maria Costa", "EEAS, Global Human Rights Sanctions Regime", "ghrsr@eeas.example"),
]


def _handoff(app: Any, packages: dict[str, Any]) -> None:
    """The directory, and the EU package shared with its recipient: the link is in var/outbox/."""
    admin = _Api(app, "admin@coalition.example")
    ids = {}
    for code, name, office, address in RECIPIENTS:
        made = admin.call(
            "POST",
            "/api/v1/recipients",
            json={"jurisdiction": code, "name": name, "office": office, "email": address},
        )
        ids[code] = made["id"]
    if "eu" in packages:
        _Api(app, "coordinator.a@coalition.example").call(
            "POST",
            f"/api/v1/packages/{packages['eu']['id']}/shares",
            json={"recipient_ids": [ids["eu"]], "reference": "EEAS-DEMO-0001"},
        )
