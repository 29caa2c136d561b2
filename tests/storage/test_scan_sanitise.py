"""Virus scanning through a real clamd, and metadata stripping through mat2 (and Pillow)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from app.config import Settings
from app.jobs import sanitise
from app.jobs.sanitise import sanitise_file
from app.jobs.scan import scan_stream
from tests.support.clamav import EICAR


def settings(**overrides) -> Settings:
    return Settings(env="test", **overrides)


def test_eicar_is_infected(clamd_socket):
    result = scan_stream([EICAR], settings(clamd_socket=clamd_socket))
    assert result.status == "infected"
    assert result.signature is not None and "Eicar" in result.signature


def test_eicar_inside_a_larger_stream_is_infected(clamd_socket):
    chunks = [b"A" * 100_000, EICAR[:30], EICAR[30:], b"B" * 100_000]
    result = scan_stream(chunks, settings(clamd_socket=clamd_socket))
    assert result.status == "infected"


def test_clean_file_is_clean(clamd_socket):
    result = scan_stream([b"An ordinary witness statement.\n" * 5000], settings(clamd_socket=clamd_socket))
    assert result.status == "clean"
    assert result.signature is None


def test_no_scanner_configured_is_not_scanned():
    assert scan_stream([EICAR], settings()).status == "not_scanned"


def test_unreachable_scanner_is_an_error(tmp_path):
    result = scan_stream([b"x"], settings(clamd_socket=str(tmp_path / "missing.sock")))
    assert result.status == "error"


def test_source_failure_is_not_reported_clean(clamd_socket):
    def broken():
        yield b"A" * 10_000
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        scan_stream(broken(), settings(clamd_socket=clamd_socket))


# -- sanitising ----------------------------------------------------------------------------------

GPS_IFD = 0x8825


@pytest.fixture
def gps_jpeg(tmp_path):
    path = tmp_path / "IMG_2041.jpg"
    exif = Image.Exif()
    exif[0x010F] = "SourcePhoneMaker"  # Make
    exif[0x0110] = "Model 7"  # Model
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (50.0, 27.0, 1.5)
    gps[3], gps[4] = "E", (30.0, 31.0, 24.0)
    Image.new("RGB", (64, 48), (120, 30, 30)).save(path, exif=exif)
    assert Image.open(path).getexif().get_ifd(GPS_IFD)
    return path


def exiftool_tags(path) -> dict:
    out = subprocess.run(["exiftool", "-j", "-a", "-G", str(path)], capture_output=True, check=True)
    return json.loads(out.stdout)[0]


def assert_no_location_or_device(path) -> None:
    with Image.open(path) as im:
        exif = im.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert 0x010F not in exif and 0x0110 not in exif
    if shutil.which("exiftool"):
        tags = exiftool_tags(path)
        assert not [t for t in tags if "GPS" in t or t.endswith(":Make") or t.endswith(":Model")], tags


@pytest.mark.parametrize("tool", ["mat2", "pillow"])
def test_jpeg_gps_is_stripped_and_original_kept(gps_jpeg, tool, monkeypatch):
    if tool == "mat2" and not shutil.which("mat2"):
        pytest.skip("mat2 not installed")
    if tool == "pillow":
        monkeypatch.setattr(sanitise.shutil, "which", lambda name: None)
    before = hashlib.sha256(gps_jpeg.read_bytes()).hexdigest()
    cleaned = sanitise_file(gps_jpeg, "image/jpeg")
    assert cleaned is not None
    try:
        assert cleaned.parent != gps_jpeg.parent
        assert_no_location_or_device(cleaned)
        assert Image.open(cleaned).size == (64, 48)
    finally:
        shutil.rmtree(cleaned.parent)
    assert hashlib.sha256(gps_jpeg.read_bytes()).hexdigest() == before
    assert Image.open(gps_jpeg).getexif().get_ifd(GPS_IFD)


@pytest.mark.skipif(not shutil.which("mat2"), reason="mat2 not installed")
def test_pdf_author_is_stripped(tmp_path):
    src = tmp_path / "statement.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Witness Name", "/Title": "Statement"})
    writer.write(src)
    cleaned = sanitise_file(src, "application/pdf")
    assert cleaned is not None
    try:
        metadata = PdfReader(cleaned).metadata or {}
        assert "/Author" not in metadata
        assert len(PdfReader(cleaned).pages) == 1
    finally:
        shutil.rmtree(cleaned.parent)
    assert (PdfReader(src).metadata or {}).get("/Author") == "Witness Name"


def test_unsanitisable_type_returns_none_and_leaves_nothing(tmp_path):
    src = tmp_path / "mail.eml"
    src.write_bytes(b"From: a@example.org\r\nTo: b@example.org\r\n\r\nhello\r\n")
    assert sanitise_file(src, "message/rfc822") is None
    outcome = sanitise.clean(src, "message/rfc822")
    assert outcome.status == "unsupported" and "e-mail" in (outcome.detail or "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mail.eml"]


def test_failing_sanitiser_returns_none_and_leaves_nothing(tmp_path):
    src = tmp_path / "broken.jpg"
    src.write_bytes(b"not really a jpeg")
    assert sanitise_file(src, "image/jpeg") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jpg"]


@pytest.mark.skipif(not shutil.which("mat2"), reason="mat2 not installed")
def test_pdf_javascript_embedded_files_and_docinfo_are_removed(tmp_path):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    src = tmp_path / "report.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    writer.add_attachment("sources.txt", b"name of the source")
    writer.add_metadata({"/Author": "Witness Name"})
    writer.write(src)
    outcome = sanitise.clean(src, "application/pdf")
    assert outcome.status == "done" and outcome.tool == "mat2 -L" and outcome.path is not None
    try:
        data = outcome.path.read_bytes()
        for leak in (b"/JavaScript", b"/EmbeddedFile", b"name of the source", b"Witness Name"):
            assert leak not in data, leak
    finally:
        shutil.rmtree(outcome.path.parent)
