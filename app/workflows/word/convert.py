"""OpenDocument text (.odt) to .docx with LibreOffice headless (Debian's libreoffice-writer-nogui), when
it is installed. Before LibreOffice sees the file, every link to something outside it (a linked image,
a section or object included from a file or URL) is reported and removed, so the conversion fetches
nothing; hyperlinks stay (LibreOffice never opens them). Each conversion runs in a fresh temporary
profile, with a time limit, and its result goes through the same checks as an uploaded .docx.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from app.errors import Unavailable, UnsupportedMediaType
from app.workflows.word.ooxml import CorruptDocument, ExternalRef

XLINK = "http://www.w3.org/1999/xlink"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TIMEOUT_SECONDS = 120
_XML_PARTS = ("content.xml", "styles.xml")


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _external(href: str) -> bool:
    h = href.strip().lower()
    return "://" in h or h.startswith(("/", "..", "file:", "\\\\")) or ":" in h.split("/", 1)[0]


def neutralise(data: bytes) -> tuple[bytes, list[ExternalRef]]:
    """The .odt without links that a conversion would follow, and what they pointed to."""
    from lxml import etree  # deferred: the Word paths only

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    refs: list[ExternalRef] = []
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in _XML_PARTS:
                try:
                    root = etree.fromstring(body, parser)
                except etree.XMLSyntaxError as exc:
                    raise CorruptDocument("This OpenDocument file is damaged and cannot be read") from exc
                changed = False
                for el in root.iter():
                    href = el.get(f"{{{XLINK}}}href") if isinstance(el.tag, str) else None
                    if not href:
                        continue
                    if el.tag == f"{{{TEXT_NS}}}a":
                        refs.append(ExternalRef("hyperlink", href[:500]))
                    elif _external(href):
                        kind = etree.QName(el).localname
                        refs.append(ExternalRef(f"linked {kind}", href[:500]))
                        del el.attrib[f"{{{XLINK}}}href"]
                        changed = True
                if changed:
                    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            # The mimetype member stays first and stored, as the format requires.
            compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info.filename, body, compress_type=compress)
    return out.getvalue(), refs


def odt_to_docx(data: bytes) -> tuple[bytes, list[ExternalRef]]:
    exe = libreoffice()
    if exe is None:
        raise UnsupportedMediaType(
            "OpenDocument (.odt) files can be imported only where LibreOffice is installed on the server: "
            "save the document as .docx in your word processor and import that"
        )
    clean, refs = neutralise(data)
    with tempfile.TemporaryDirectory(prefix="portal-odt-") as tmp:
        root = Path(tmp)
        source = root / "document.odt"
        source.write_bytes(clean)
        outdir = root / "out"
        env: dict[str, Any] = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            "LANG": "C.UTF-8",
        }
        argv = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed program, arguments are paths we made
                argv, env=env, cwd=tmp, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise Unavailable(
                "Converting the OpenDocument file took too long; try again, or save it as .docx",
                headers={"Retry-After": "60"},
            ) from exc
        result = outdir / "document.docx"
        if not result.is_file():
            raise CorruptDocument("LibreOffice could not convert this OpenDocument file; save it as .docx")
        return result.read_bytes(), refs
