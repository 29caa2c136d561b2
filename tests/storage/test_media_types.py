"""The media-type registry: one table read by ingest (allow-list), sanitising and packaging."""

from __future__ import annotations

import pytest

from app.workflows import media_types
from app.workflows.media_types import extension_for, kind_of

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("media_type", "kind"),
    [
        (PDF, "document"),
        (DOCX, "document"),
        ("application/rtf", "document"),
        ("application/vnd.ms-outlook", "document"),
        ("application/msword", "document"),  # not in the table: by its name
        ("text/rtf", "text"),
        ("text/csv", "text"),
        ("image/heif", "image"),
        ("audio/mp4", "audio"),
        ("video/avi", "video"),
        ("message/rfc822", "other"),
        ("application/zip", "other"),
        ("font/ttf", "other"),
    ],
)
def test_kind(media_type: str, kind: str) -> None:
    assert kind_of(media_type) == kind


@pytest.mark.parametrize(
    ("media_type", "filename", "extension"),
    [
        ("image/jpeg", "IMG_1.JPEG", ".jpg"),
        ("image/tiff", "scan.tiff", ".tif"),
        ("text/csv", "ledger.txt", ".csv"),
        ("audio/x-m4a", "memo", ".m4a"),
        ("video/avi", "clip.AVI", ".avi"),  # no fixed extension: the uploaded file's, lower-cased
        ("message/rfc822", "mail.eml", ".eml"),
        ("message/rfc822", "mail", ".bin"),
        ("application/vnd.ms-outlook", "note.verylongext", ".bin"),
        ("application/vnd.ms-outlook", "note.m-s-g", ".bin"),
    ],
)
def test_extension_in_packages(media_type: str, filename: str, extension: str) -> None:
    assert extension_for(media_type, filename) == extension


def test_table_kinds_agree_with_the_rule_for_types_outside_it() -> None:
    """So an item's kind never depends on whether its type happens to be listed."""
    for entry in media_types.TYPES:
        top = entry.name.split("/", 1)[0]
        if top in ("image", "audio", "video", "text"):
            assert entry.kind == top, entry.name
        else:
            expected = "document" if media_types._DOCUMENT.match(entry.name) else "other"
            assert entry.kind == expected, entry.name


def test_sanitisers() -> None:
    assert media_types.sanitiser_for(PDF) == media_types.Sanitiser(".pdf", mat2_lightweight=True)
    webp = media_types.sanitiser_for("image/webp")
    assert webp is not None and not webp.mat2 and webp.pillow == "WEBP"
    assert media_types.sanitiser_for("video/webm") is None  # accepted, shared as uploaded
    assert media_types.sanitiser_for("application/zip") is None
    for entry in media_types.TYPES:
        if entry.sanitiser is not None:
            assert entry.accepted and entry.sanitiser.suffix.startswith("."), entry.name
            assert entry.sanitiser.pillow is None or entry.kind == "image", entry.name


def test_refusals_say_why() -> None:
    assert not media_types.is_accepted("application/x-dosexec")
    assert media_types.refusal("application/x-dosexec") == "an executable program"
    assert media_types.refusal("application/xhtml+xml").startswith("a web page")
    assert media_types.refusal("text/x-shellscript") == "a script or program source"
    assert media_types.refusal("application/xml").startswith("XML")
    assert media_types.refusal("application/x-tar") == "not an accepted evidence format"
    assert all(e.refusal for e in media_types.TYPES if not e.accepted)
    assert all(e.refusal is None for e in media_types.TYPES if e.accepted)
