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
    # Items that cannot go as they are on a machine without ClamAV whose settings refuse unscanned
    # evidence: excluded with the reason, instead of failing the builds.
    unscanned = []
    if not settings.package_unscanned_evidence or settings.require_scanner:
        unscanned = [
            {"evidence_id": ev["id"], "reason": "Not scanned for malware on this machine (no ClamAV)"}
            for ev in uploaded.values()
            if ev["sensitivity"] == "public" and ev["scan_status"] != "clean"
        ]
    built = coord_a.call(
        "POST",
        f"/api/v1/cases/{cid}/packages",
        json={"jurisdictions": ["us", "eu"], "exclude": unscanned},
    )
    # The coordinator's decision on a single item, recorded with its reason in the UK package's
    # manifest, its dossier's evidence index and the item's custody.
    report = uploaded["medical-report.txt"]["id"]
    exclude = [d for d in unscanned if d["evidence_id"] != report]
    exclude.append({"evidence_id": report, "reason": "The FCDO desk already holds the final medical report"})
    built["packages"] += coord_a.call(
        "POST", f"/api/v1/cases/{cid}/packages", json={"jurisdictions": ["uk"], "exclude": exclude}
    )["packages"]
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
