"""Real files of every accepted evidence type, made in the test (no fixtures shipped), each carrying the
same identifying marker in its metadata only (author, artist, EXIF, e-mail headers…).

`sample(media_type)` → `Sample(data, filename, marker)`. Audio and video come from ffmpeg when it is
installed; without it, from hand-made containers that only need to sniff right (their outcome is then
"cannot be sanitised here: ffmpeg is not installed").
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import tempfile
import wave
import zipfile
from dataclasses import dataclass
from pathlib import Path

MARKER = b"Ivan-Petrov-Source-7319"
M = MARKER.decode()

OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."


@dataclass(frozen=True)
class Sample:
    data: bytes
    filename: str
    marker: bytes = MARKER


def has_ffmpeg() -> bool:
    return shutil.which("ffmpeg") is not None


# ---- documents --------------------------------------------------------------------------------------------


def pdf() -> Sample:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(300, 300)
    w.add_metadata({"/Author": M, "/Title": "Statement", "/Producer": M})
    out = io.BytesIO()
    w.write(out)
    return Sample(out.getvalue(), "statement.pdf")


_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    f"<dc:creator>{M}</dc:creator><cp:lastModifiedBy>{M}</cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T10:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)
_OOXML_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        "<w:p><w:r><w:t>{line}</w:t></w:r></w:p>",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/>{body}</workbook>',
        "<!-- {line} -->",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:presentation '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">{body}</p:presentation>',
        "<!-- {line} -->",
    ),
}


def ooxml(kind: str) -> Sample:
    part, content_type, doc, line = _OOXML_PARTS[kind]
    body = "".join(line.format(line=f"Paragraph {n} of the witness statement.") for n in range(80))
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{part}"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr(part, doc.format(body=body))
        z.writestr("docProps/core.xml", _CORE)
    return Sample(out.getvalue(), f"report.{kind}")


def odf(kind: str) -> Sample:
    office = {"odt": "text", "ods": "spreadsheet", "odp": "presentation", "odg": "graphics"}[kind]
    mimetype = f"{ODF}{office}"
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} office:version="1.2">'
        f"<office:body><office:{office}>"
        + "".join(f"<text:p>Paragraph {n} of the report.</text:p>" for n in range(40))
        + f"</office:{office}></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ns} office:version="1.2">'
        "<office:meta>"
        f"<meta:initial-creator>{M}</meta:initial-creator><dc:creator>{M}</dc:creator>"
        "</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return Sample(out.getvalue(), f"report.{kind}")


def rtf() -> Sample:
    data = "{\\rtf1\\ansi\\deff0{\\info{\\author " + M + "}{\\operator " + M + "}}Statement of W-7.\\par}\n"
    return Sample(data.encode(), "statement.rtf")


def text(csv: bool = False) -> Sample:
    if csv:
        return Sample(
            b"date;amount;account\n2019-06-01;1000000;HB-7\n2019-06-02;250000;HB-9\n", "ledger.csv", b""
        )
    return Sample(b"Statement of witness W-7: the convoy left the base at dawn.\n" * 5, "statement.txt", b"")


def email() -> Sample:
    data = (
        f"From: {M} <source@example.org>\r\nTo: desk@example.org\r\nSubject: Convoy movements\r\n"
        "Date: Mon, 4 Mar 2024 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n"
        "Received: from mail.example.org (10.1.2.3)\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThe convoy left the base at dawn.\r\n"
    )
    return Sample(data.encode(), "message.eml")


def outlook() -> Sample:
    """A compound file (OLE2) whose root storage has Outlook's message CLSID, with one named stream."""
    sector = 512
    clsid = bytes.fromhex("0b0d020000000000c000000000000046")  # {00020D0B-0000-0000-C000-000000000046}
    stream = ("__substg1.0_0C1A001F", (M + " (sender name)").encode("utf-16-le"))
    mini = stream[1].ljust(64, b"\0")  # the mini stream holds streams under 4096 bytes, in 64-byte sectors

    def entry(
        name: str, kind: int, start: int, size: int, child: int = -1, right: int = -1, cls: bytes = bytes(16)
    ) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<iii", -1, right, child)
            + cls
            + bytes(4 + 16)
            + struct.pack("<iI", start, size)
            + bytes(4)
        )

    # Sectors: 0 FAT, 1 directory, 2 mini FAT, 3 mini stream (the root's stream).
    # libmagic names an Outlook item by its property stream (and Outlook's CLSID on the root).
    directory = entry("Root Entry", 5, 3, len(mini), child=1, cls=clsid)
    directory += entry(stream[0], 2, 0, len(stream[1]), right=2)
    directory += entry("__properties_version1.0", 2, -2, 0)  # empty: starts at "end of chain"
    directory = directory.ljust(sector, b"\0")
    end, fat_sector, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = struct.pack("<4I", fat_sector, end, end, end) + struct.pack("<I", free) * 124
    minifat = struct.pack("<I", end) + struct.pack("<I", free) * 127
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 2, 1, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    return Sample(header + fat + directory + minifat + mini.ljust(sector, b"\0"), "message.msg")


# ---- images -----------------------------------------------------------------------------------------------


def image(fmt: str) -> Sample:
    from PIL import Image, PngImagePlugin

    img = Image.new("RGB", (48, 32), (120, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = M  # Artist
    exif[0x010F] = "SpyCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (55.0, 45.0, 30.0), 3: "E", 4: (37.0, 36.0, 0.0)})
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", M)
        img.save(out, "PNG", pnginfo=info)
    elif fmt == "GIF":
        img.convert("P").save(out, "GIF", comment=MARKER)
    else:
        img.save(out, fmt, exif=exif)
    ext = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "TIFF": "tif"}[fmt]
    return Sample(out.getvalue(), f"photo.{ext}")


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full(kind: bytes, body: bytes, version: int = 0) -> bytes:
    return _box(kind, bytes([version, 0, 0, 0]) + body)


def heif(brand: bytes = b"heic") -> Sample:
    """A HEIF container (no decodable picture) with an Exif item naming the author: exiftool parses it."""
    exif = b"\0\0\0\0Exif\0\0" + b"MM\0*\0\0\0\x08\0\x01\x01\x3b\0\x02" + struct.pack(">I", len(M) + 1)
    exif += struct.pack(">I", 26) + b"\0\0\0\0" + MARKER + b"\0"
    hdlr = _full(b"hdlr", b"\0\0\0\0pict" + bytes(12) + b"\0")
    pitm = _full(b"pitm", struct.pack(">H", 1))
    infe = _full(b"infe", struct.pack(">HH", 1, 0) + b"hvc1" + b"\0", version=2)
    infe_exif = _full(b"infe", struct.pack(">HH", 2, 0) + b"Exif" + b"\0", version=2)
    iinf = _full(b"iinf", struct.pack(">H", 2) + infe + infe_exif)
    iref = _full(b"iref", _box(b"cdsc", struct.pack(">HHH", 2, 1, 1)))
    ftyp = _box(b"ftyp", brand + struct.pack(">I", 0) + b"mif1" + brand)
    picture = b"\0" * 16

    def meta(offset: int) -> bytes:
        iloc_body = struct.pack(">BBH", 0x44, 0x00, 2)
        iloc_body += struct.pack(">HHHII", 1, 0, 1, offset, len(picture))
        iloc_body += struct.pack(">HHHII", 2, 0, 1, offset + len(picture), len(exif))
        return _full(b"meta", hdlr + pitm + _full(b"iloc", iloc_body, version=0) + iinf + iref)

    head = len(ftyp) + len(meta(0)) + 8
    data = ftyp + meta(head) + _box(b"mdat", picture + exif)
    return Sample(data, "photo.heic" if brand == b"heic" else "photo.heif")


# ---- audio ------------------------------------------------------------------------------------------------


def _id3(marker: bytes) -> bytes:
    frame = b"\x03" + marker  # TPE1 (artist), UTF-8
    body = b"TPE1" + struct.pack(">I", len(frame)) + b"\0\0" + frame
    size = len(body)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x04\0\0" + syncsafe + body


def mp3() -> Sample:
    frame = b"\xff\xfb\x90\x64" + bytes(413)  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417 bytes
    return Sample(_id3(MARKER) + frame * 40, "memo.mp3")


def flac() -> Sample:
    streaminfo = (
        struct.pack(">HH", 4096, 4096) + bytes(6) + struct.pack(">Q", (44100 << 44) | (1 << 36) | (15 << 36))
    )
    streaminfo += bytes(16)
    vendor = b"test"
    comment = struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 1)
    tag = b"ARTIST=" + MARKER
    comment += struct.pack("<I", len(tag)) + tag
    blocks = bytes([0]) + len(streaminfo).to_bytes(3, "big") + streaminfo
    blocks += bytes([0x80 | 4]) + len(comment).to_bytes(3, "big") + comment
    return Sample(b"fLaC" + blocks, "memo.flac")


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = (crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def _ogg_page(packet: bytes, seq: int, granule: int, flags: int) -> bytes:
    lacing = bytes([255] * (len(packet) // 255) + [len(packet) % 255])
    header = b"OggS\0" + bytes([flags]) + struct.pack("<qIII", granule, 0x5EC, seq, 0) + bytes([len(lacing)])
    page = header + lacing + packet
    return page[:22] + struct.pack("<I", _ogg_crc(page)) + page[26:]


def ogg() -> Sample:
    head = b"OpusHead\x01\x01" + struct.pack("<HIhB", 312, 48000, 0, 0)
    vendor = b"test"
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 1)
    tag = b"ARTIST=" + MARKER
    tags += struct.pack("<I", len(tag)) + tag
    silence = b"\xf8\xff\xfe"  # one 20 ms Opus frame of silence
    pages = _ogg_page(head, 0, 0, 0x02) + _ogg_page(tags, 1, 0, 0)
    pages += _ogg_page(silence, 2, 960 + 312, 0x04)
    return Sample(pages, "memo.ogg")


def wav() -> Sample:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(16000))
    riff = out.getvalue()
    info = b"INFO" + b"IART" + struct.pack("<I", len(MARKER) + 1) + MARKER + b"\0"
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    body = riff[12:] + chunk
    return Sample(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body, "memo.wav")


# ---- audio and video through ffmpeg (or a bare container when it is missing) -------------------------------


def _ffmpeg(ext: str, *args: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out.{ext}"
        cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", *args]
        cmd += ["-metadata", f"artist={M}", "-metadata", f"title={M}", "-metadata", f"comment={M}"]
        subprocess.run([*cmd, "-y", str(out)], check=True, capture_output=True)
        return out.read_bytes()


_VIDEO = ("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1")
_AUDIO = ("-f", "lavfi", "-i", "sine=frequency=440:duration=1")


def m4a() -> Sample:
    if has_ffmpeg():
        return Sample(_ffmpeg("m4a", *_AUDIO, "-c:a", "aac"), "memo.m4a")
    return Sample(_box(b"ftyp", b"M4A \0\0\0\0M4A mp42isom") + _box(b"free", MARKER), "memo.m4a")


def video(ext: str) -> Sample:
    if has_ffmpeg():
        codec = {"webm": ["-c:v", "libvpx", "-b:v", "100k"], "mov": ["-c:v", "mpeg4"]}.get(
            ext, ["-c:v", "mpeg4"]
        )
        extra = ["-metadata", f"location=+55.75+037.61/{M}"] if ext in ("mov", "mp4") else []
        return Sample(_ffmpeg(ext, *_VIDEO, *codec, *extra), f"clip.{ext}")
    bare = {
        "mp4": _box(b"ftyp", b"isom\0\0\x02\0isomiso2mp41") + _box(b"free", MARKER),
        "mov": _box(b"ftyp", b"qt  \0\0\x02\0qt  ") + _box(b"free", MARKER),
        "webm": bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102"),
        "mkv": bytes.fromhex(
            "1a45dfa3a34286810142f7810142f2810442f3810842828b6d6174726f736b614287810442858102"
        ),
        "avi": b"RIFF" + struct.pack("<I", 4 + 12) + b"AVI LIST" + struct.pack("<I", 4) + b"hdrl",
    }[ext]
    return Sample(bare + MARKER, f"clip.{ext}")


# ---- the table --------------------------------------------------------------------------------------------


def sample(media_type: str) -> Sample:
    makers = {
        "application/pdf": pdf,
        f"{OOXML}wordprocessingml.document": lambda: ooxml("docx"),
        f"{OOXML}spreadsheetml.sheet": lambda: ooxml("xlsx"),
        f"{OOXML}presentationml.presentation": lambda: ooxml("pptx"),
        f"{ODF}text": lambda: odf("odt"),
        f"{ODF}spreadsheet": lambda: odf("ods"),
        f"{ODF}presentation": lambda: odf("odp"),
        f"{ODF}graphics": lambda: odf("odg"),
        "text/rtf": rtf,
        "application/rtf": rtf,
        "text/plain": text,
        "text/csv": lambda: text(csv=True),
        "message/rfc822": email,
        "application/vnd.ms-outlook": outlook,
        "image/jpeg": lambda: image("JPEG"),
        "image/png": lambda: image("PNG"),
        "image/gif": lambda: image("GIF"),
        "image/webp": lambda: image("WEBP"),
        "image/tiff": lambda: image("TIFF"),
        "image/heic": heif,
        "image/heif": lambda: heif(b"mif1"),
        "audio/mpeg": mp3,
        "audio/x-wav": wav,
        "audio/wav": wav,
        "audio/vnd.wave": wav,
        "audio/ogg": ogg,
        "audio/x-m4a": m4a,
        "audio/mp4": m4a,
        "audio/flac": flac,
        "audio/x-flac": flac,
        "video/mp4": lambda: video("mp4"),
        "video/quicktime": lambda: video("mov"),
        "video/webm": lambda: video("webm"),
        "video/x-matroska": lambda: video("mkv"),
        "video/x-msvideo": lambda: video("avi"),
        "video/avi": lambda: video("avi"),
    }
    return makers[media_type]()
