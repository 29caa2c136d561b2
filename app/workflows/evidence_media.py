"""What an evidence file really is (libmagic on its first bytes), and whether the portal accepts it.

The declared Content-Type and the extension are the uploader's claims; the content decides. The file
name only sharpens what content cannot tell: text named `.js`/`.bat`/`.html` is treated as what a
reviewer's machine would run it as, and a zip named `.docx` is an office document only if it also
looks like one.
"""

from __future__ import annotations

from pathlib import PurePath

import magic

from app.errors import UnsupportedMediaType

# libmagic needs more than a few bytes: docx vs zip needs ≥ 2048, MP4/ZIP layouts can need more.
SNIFF_BYTES = 64 * 1024

_OOXML = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".odg": "application/vnd.oasis.opendocument.graphics",
}

ALLOWED: frozenset[str] = frozenset(
    {
        "application/pdf",
        *_OOXML.values(),
        *_ODF.values(),
        "text/rtf",
        "application/rtf",
        "text/plain",
        "text/csv",
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/tiff",
        "image/heic",
        "image/heif",
        "audio/mpeg",
        "audio/x-wav",
        "audio/wav",
        "audio/vnd.wave",
        "audio/ogg",
        "audio/x-m4a",
        "audio/mp4",
        "audio/flac",
        "audio/x-flac",
        "video/mp4",
        "video/quicktime",
        "video/webm",
        "video/x-matroska",
        "video/x-msvideo",
        "video/avi",
        "message/rfc822",
        "application/vnd.ms-outlook",
    }
)

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

_EXECUTABLE = {
    "application/x-dosexec",
    "application/vnd.microsoft.portable-executable",
    "application/x-msdownload",
    "application/x-executable",
    "application/x-sharedlib",
    "application/x-pie-executable",
    "application/x-mach-binary",
    "application/x-elf",
    "application/java-archive",
    "application/x-java-applet",
    "application/vnd.android.package-archive",
    "application/x-ms-shortcut",
    "application/x-msi",
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


def _kind(media_type: str) -> str:
    if media_type in _EXECUTABLE:
        return "an executable program"
    if media_type.startswith("text/x-"):
        return "a script or program source"
    if media_type in ("text/html", "application/xhtml+xml", "application/hta"):
        return "a web page, which can run scripts when opened"
    if media_type == "image/svg+xml":
        return "an SVG image, which can carry scripts"
    if media_type in ("text/javascript", "application/javascript", "text/vbscript"):
        return "a script"
    if media_type.endswith("xml"):
        return "XML, which can carry scripts and external references"
    if media_type in (
        "application/zip",
        "application/x-7z-compressed",
        "application/x-rar",
        "application/gzip",
    ):
        return "an archive; upload its files one by one"
    return "not an accepted evidence format"


def check_allowed(media_type: str) -> None:
    if media_type not in ALLOWED:
        raise UnsupportedMediaType(
            f"Files of type {media_type} are not accepted as evidence: {_kind(media_type)}",
            extra={"media_type": media_type},
        )
