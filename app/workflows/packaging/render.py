"""The package's small files as bytes: evidence-index.csv, canonical JSON, dossier.pdf (Jinja + WeasyPrint).

Every output is a function of its input alone (no clock, no host): that is what makes a rebuild
byte-identical.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.workflows.packaging.dossier import Dossier, PdfView
from app.workflows.packaging.selection import EvidenceItem

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def canonical_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def evidence_index_csv(items: list[EvidenceItem]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    header = ["number", "title", "date", "kind", "sha256_original", "sha256_shared", "file", "media_type"]
    w.writerow([*header, "shared", "scan", "timestamp"])
    for i in items:
        w.writerow(
            [
                i.label,
                i.title,
                i.captured_date or "",
                i.kind,
                i.sha256,
                i.shared_sha256,
                i.path,
                i.media_type,
                i.shared,
                i.scan,
                i.timestamp_path or "",
            ]
        )
    return out.getvalue().encode("utf-8")


@lru_cache(maxsize=1)
def jinja_env() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(dossier: Dossier, view: PdfView) -> str:
    # The template reads the JSON form, exactly what dossier.json holds (enums as their values).
    data, extra = dossier.model_dump(mode="json"), view.model_dump(mode="json")
    return str(jinja_env().get_template("dossier.html").render(d=data, v=extra))


def render_pdf(dossier: Dossier, view: PdfView) -> bytes:
    """dossier.pdf. WeasyPrint writes no file ID and no dates but the fixed ones in the template."""
    import weasyprint

    html = render_html(dossier, view)
    css = weasyprint.CSS(filename=str(TEMPLATES / "dossier.css"))
    pdf: bytes = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(stylesheets=[css])
    # The layout is a web of cyclic references: free it now, so the memory serves the streaming that
    # follows instead of adding to the build's peak.
    gc.collect()
    return pdf
