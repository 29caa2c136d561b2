"""What an evidence file really is (libmagic on its first bytes), and whether the portal accepts it.

The declared Content-Type and the extension are the uploader's claims; the content decides. The file
name only sharpens what content cannot tell: text named `.js`/`.bat`/`.html` is treated as what a
reviewer's machine would run it as, and a zip named `.docx` is an office document only if it also
looks like one. Which types are accepted, and why the others are not, is the registry's
(`media_types`).
"""

from __future__ import annotations

from pathlib import PurePath

import magic

from app.errors import Invalid, UnsupportedMediaType
from app.workflows import media_types

# libmagic needs more than a few bytes: docx vs zip needs ≥ 2048, MP4/ZIP layouts can need more.
SNIFF_BYTES = 64 * 1024

# Zips that are office documents when named so (for producers libmagic does not recognise).
_OOXML = media_types.by_extension(media_types.OOXML_PREFIX)
_ODF = media_types.by_extension(media_types.ODF_PREFIX)

# Text that Windows/macOS/Linux would execute or render when a reviewer opens it by its name.
_ACTIVE_TEXT_EXTENSIONS = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".jse": "text/javascript",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".hta": "application/hta",
    ".svg": "image/svg+xml",
    ".xml": "text/xml",
    ".sh": "text/x-shellscript",
    ".bash": "text/x-shellscript",
    ".command": "text/x-shellscript",
    ".py": "text/x-script.python",
    ".pl": "text/x-perl",
    ".rb": "text/x-ruby",
    ".php": "text/x-php",
    ".ps1": "text/x-powershell",
    ".psm1": "text/x-powershell",
    ".bat": "text/x-msdos-batch",
    ".cmd": "text/x-msdos-batch",
    ".vbs": "text/vbscript",
    ".vbe": "text/vbscript",
    ".wsf": "text/x-wsf",
    ".reg": "text/x-ms-regedit",
    ".url": "application/x-mswinurl",
    ".desktop": "application/x-desktop",
    ".lnk": "application/x-ms-shortcut",
    ".scr": "application/x-dosexec",
    ".exe": "application/x-dosexec",
}


def sniff(first_bytes: bytes, filename: str) -> str:
    """The media type of a file from its first bytes (pass ≥ SNIFF_BYTES, or the whole file if smaller)."""
    detected = str(magic.from_buffer(first_bytes[:SNIFF_BYTES], mime=True))
    ext = PurePath(filename).suffix.lower()
    if detected == "text/plain":
        if ext in _ACTIVE_TEXT_EXTENSIONS:
            return _ACTIVE_TEXT_EXTENSIONS[ext]
        if ext == ".csv":
            return "text/csv"
    if detected in ("application/zip", "application/octet-stream"):
        # Some producers write an OOXML/ODF zip in an order libmagic does not recognise.
        if ext in _OOXML and b"[Content_Types].xml" in first_bytes[:SNIFF_BYTES]:
            return _OOXML[ext]
        if ext in _ODF and first_bytes[30:38] == b"mimetype" and _ODF[ext].encode() in first_bytes[38:120]:
            return _ODF[ext]
    return detected


def check_allowed(media_type: str) -> None:
    """415 for a type the registry (`media_types`) does not accept, saying why."""
    if not media_types.is_accepted(media_type):
        raise UnsupportedMediaType(
            f"Files of type {media_type} are not accepted as evidence: {media_types.refusal(media_type)}",
            extra={"media_type": media_type},
        )


def sniff_checked(first: bytes, filename: str) -> str:
    """The sniffed media type of a file from its first bytes; 415 if the portal refuses that type."""
    if not first:
        raise Invalid("The file is empty", errors=[{"loc": ["body", "file"], "msg": "empty file"}])
    media_type = sniff(first, filename)
    check_allowed(media_type)
    return media_type
