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
    webm = media_types.sanitiser_for("video/webm")  # no mat2 parser: ffmpeg's remux
    assert webm is not None and webm.steps() == ["ffmpeg"]
    assert media_types.sanitiser_for("message/rfc822") is None  # accepted, never sanitised: says why
    assert media_types.sanitiser_for("application/zip") is None
    text = media_types.sanitiser_for("text/plain")
    assert text is not None and text.steps() == ["verbatim"]
    for entry in media_types.TYPES:
        if entry.sanitiser is not None:
            assert entry.accepted and entry.sanitiser.suffix.startswith("."), entry.name
            assert entry.sanitiser.pillow is None or entry.kind == "image", entry.name


def test_every_accepted_type_has_a_sanitiser_or_a_reason() -> None:
    """No accepted type is left without a defined outcome: a path through the tools, or why not."""
    for entry in media_types.TYPES:
        if not entry.accepted:
            continue
        assert (entry.sanitiser is None) == (entry.unsanitisable is not None), entry.name
        words = media_types.outcome(entry.name)
        assert words and (entry.sanitiser is not None or words.startswith("not sanitised: ")), entry.name
        if entry.sanitiser is not None:
            assert entry.sanitiser.steps(), entry.name
    assert media_types.outcome("application/pdf").startswith("mat2 in lightweight mode")
    assert media_types.outcome("image/jpeg") == (
        "mat2, else Pillow (the pixels re-encoded without EXIF, XMP, ICC or comments)"
    )
    assert "ffmpeg" in media_types.outcome("video/mp4") and "ffmpeg" in media_types.outcome("audio/x-wav")
    assert media_types.outcome("text/csv").startswith("shared as the original bytes")
    assert "RTF" in media_types.outcome("text/rtf")


def test_refusals_say_why() -> None:
    assert not media_types.is_accepted("application/x-dosexec")
    assert media_types.refusal("application/x-dosexec") == "an executable program"
    assert media_types.refusal("application/xhtml+xml").startswith("a web page")
    assert media_types.refusal("text/x-shellscript") == "a script or program source"
    assert media_types.refusal("application/xml").startswith("XML")
    assert media_types.refusal("application/x-tar") == "not an accepted evidence format"
    assert all(e.refusal for e in media_types.TYPES if not e.accepted)
    assert all(e.refusal is None for e in media_types.TYPES if e.accepted)
