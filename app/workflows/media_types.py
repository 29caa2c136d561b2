"""Every media type the portal has a rule for, in one table.

Per type: whether it is accepted as evidence (and if not, why: the 415 says it), what kind of item it
is in a package, the extension its file gets there, and the path its sanitising takes: mat2 (with a
Pillow fallback for images), mat2's lightweight mode for PDFs, ffmpeg for video containers, the original
bytes for plain text (no embedded metadata), or, for a type no stripper handles, the reason why (its
items then reach a package only when a coordinator excludes them or shares the original, with a
reason). Every accepted type has one or the other (a test checks it). Ingest (`evidence_media`),
sanitising (`app/jobs/sanitise.py`) and packaging read it; a type missing from the table is refused.

Extensions come from this fixed table, not the `mimetypes` module (it reads the host's
/etc/mime.types): file names inside a package must not depend on the machine that builds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["image", "audio", "video", "text", "document", "other"]


@dataclass(frozen=True, slots=True)
class Sanitiser:
    """How a type's metadata is stripped: the steps below, in order, until one makes a copy.

    mat2 first (lightweight for PDFs: full mode rasterises every page and loses the text), then Pillow
    (pixels re-encoded) if mat2 is missing or fails, or ffmpeg's metadata-dropping remux for containers
    mat2 has no parser for. `verbatim`: the format carries no embedded metadata, so the shared copy is
    the original bytes, and the custody record says so. mat2 picks its parser from the file name's
    extension, so the working copy is named `input{suffix}`."""

    suffix: str
    mat2: bool = True
    mat2_lightweight: bool = False
    pillow: str | None = None  # Pillow format name, e.g. "JPEG"
    ffmpeg: bool = False  # remux with every metadata, chapter and disposition dropped (as mat2 does)
    verbatim: bool = False
    needs: tuple[str, ...] = ()  # programs mat2 calls for this format (ffmpeg): without them, mat2 is skipped

    def steps(self) -> list[str]:
        if self.verbatim:
            return ["verbatim"]
        out = []
        if self.mat2:
            out.append("mat2 -L" if self.mat2_lightweight else "mat2")
        if self.ffmpeg:
            out.append("ffmpeg")
        if self.pillow:
            out.append("pillow")
        return out

    def describe(self) -> str:
        """The path this type takes, in words (docs, API, tests)."""
        if self.verbatim:
            return "shared as the original bytes: this format carries no embedded metadata"
        words = {
            "mat2": "mat2",
            "mat2 -L": "mat2 in lightweight mode (text kept; document properties and XMP removed)",
            "ffmpeg": "an ffmpeg remux that drops every metadata field, chapter and disposition",
            "pillow": "Pillow (the pixels re-encoded without EXIF, XMP, ICC or comments)",
        }
        steps = [words[s] for s in self.steps()]
        text = steps[0] + "".join(f", else {s}" for s in steps[1:])
        if self.needs:
            text += f" (mat2 needs {', '.join(self.needs)} for this format)"
        return text


@dataclass(frozen=True, slots=True)
class MediaType:
    name: str
    kind: Kind
    extension: str | None = None  # in packages; None: the uploaded file's own suffix is used
    sanitiser: Sanitiser | None = None  # None: no stripper known; see `unsanitisable`
    accepted: bool = True
    refusal: str | None = None  # why a refused type is refused
    # Why an accepted type has no stripper: its items reach a package only when a coordinator excludes
    # them or shares the original explicitly, with a reason.
    unsanitisable: str | None = None


def _accepted(
    name: str,
    kind: Kind,
    extension: str | None = None,
    sanitiser: Sanitiser | None = None,
    *,
    unsanitisable: str | None = None,
) -> MediaType:
    return MediaType(name, kind, extension, sanitiser, unsanitisable=unsanitisable)


def _refused(name: str, kind: Kind, why: str) -> MediaType:
    return MediaType(name, kind, accepted=False, refusal=why)


OOXML_PREFIX = "application/vnd.openxmlformats-officedocument."
ODF_PREFIX = "application/vnd.oasis.opendocument."
_EXECUTABLE = "an executable program"
_WEB_PAGE = "a web page, which can run scripts when opened"
_SCRIPT = "a script"
_ARCHIVE = "an archive; upload its files one by one"

_RTF = "no metadata stripper handles RTF (its \\info group can name the author, the operator and the company)"
_MAIL = "no metadata stripper handles e-mail (its headers name the sender, the recipients and the servers)"
_FFMPEG = ("ffmpeg",)
_TEXT = Sanitiser(".txt", mat2=False, verbatim=True)

TYPES: tuple[MediaType, ...] = (
    # documents
    _accepted("application/pdf", "document", ".pdf", Sanitiser(".pdf", mat2_lightweight=True)),
    _accepted(f"{OOXML_PREFIX}wordprocessingml.document", "document", ".docx", Sanitiser(".docx")),
    _accepted(f"{OOXML_PREFIX}spreadsheetml.sheet", "document", ".xlsx", Sanitiser(".xlsx")),
    _accepted(f"{OOXML_PREFIX}presentationml.presentation", "document", ".pptx", Sanitiser(".pptx")),
    _accepted(f"{ODF_PREFIX}text", "document", ".odt", Sanitiser(".odt")),
    _accepted(f"{ODF_PREFIX}spreadsheet", "document", ".ods", Sanitiser(".ods")),
    _accepted(f"{ODF_PREFIX}presentation", "document", ".odp", Sanitiser(".odp")),
    _accepted(f"{ODF_PREFIX}graphics", "document", ".odg", Sanitiser(".odg")),
    _accepted("text/rtf", "text", ".rtf", unsanitisable=_RTF),
    _accepted("application/rtf", "document", ".rtf", unsanitisable=_RTF),
    # Plain text has nowhere to hide metadata: what it says is its content (mat2's "cleaning" copies it).
    _accepted("text/plain", "text", ".txt", _TEXT),
    _accepted("text/csv", "text", ".csv", _TEXT),
    _accepted("message/rfc822", "other", unsanitisable=_MAIL),
    _accepted("application/vnd.ms-outlook", "document", unsanitisable=_MAIL),
    # images
    _accepted("image/jpeg", "image", ".jpg", Sanitiser(".jpg", pillow="JPEG")),
    _accepted("image/png", "image", ".png", Sanitiser(".png", pillow="PNG")),
    _accepted("image/gif", "image", ".gif", Sanitiser(".gif", pillow="GIF")),
    _accepted(
        "image/webp", "image", ".webp", Sanitiser(".webp", mat2=False, pillow="WEBP")
    ),  # no mat2 parser
    _accepted("image/tiff", "image", ".tif", Sanitiser(".tiff", pillow="TIFF")),
    _accepted("image/heic", "image", ".heic", Sanitiser(".heic")),
    _accepted("image/heif", "image", ".heif", Sanitiser(".heic")),  # the same container: mat2's HEIC parser
    # audio: mat2 through mutagen; WAV and MPEG-4 audio through ffmpeg
    _accepted("audio/mpeg", "audio", ".mp3", Sanitiser(".mp3")),
    _accepted("audio/x-wav", "audio", ".wav", Sanitiser(".wav", needs=_FFMPEG)),
    _accepted("audio/wav", "audio", ".wav", Sanitiser(".wav", needs=_FFMPEG)),
    _accepted("audio/vnd.wave", "audio", ".wav", Sanitiser(".wav", needs=_FFMPEG)),
    _accepted("audio/ogg", "audio", ".ogg", Sanitiser(".ogg")),
    _accepted("audio/x-m4a", "audio", ".m4a", Sanitiser(".mp4", needs=_FFMPEG)),
    _accepted("audio/mp4", "audio", ".m4a", Sanitiser(".mp4", needs=_FFMPEG)),
    _accepted("audio/flac", "audio", ".flac", Sanitiser(".flac")),
    _accepted("audio/x-flac", "audio", ".flac", Sanitiser(".flac")),
    # video: mat2 needs ffmpeg; for containers mat2 has no parser for, ffmpeg's remux directly (a phone's
    # QuickTime video carries its GPS position in the container's metadata)
    _accepted("video/mp4", "video", ".mp4", Sanitiser(".mp4", needs=_FFMPEG)),
    _accepted("video/quicktime", "video", ".mov", Sanitiser(".mov", mat2=False, ffmpeg=True)),
    _accepted("video/webm", "video", ".webm", Sanitiser(".webm", mat2=False, ffmpeg=True)),
    _accepted("video/x-matroska", "video", ".mkv", Sanitiser(".mkv", mat2=False, ffmpeg=True)),
    _accepted("video/x-msvideo", "video", ".avi", Sanitiser(".avi", needs=_FFMPEG)),
    _accepted("video/avi", "video", ".avi", Sanitiser(".avi", needs=_FFMPEG)),
    # refused: what a reviewer's machine would run, and containers that hide what they hold
    _refused("application/x-dosexec", "other", _EXECUTABLE),
    _refused("application/vnd.microsoft.portable-executable", "other", _EXECUTABLE),
    _refused("application/x-msdownload", "other", _EXECUTABLE),
    _refused("application/x-executable", "other", _EXECUTABLE),
    _refused("application/x-sharedlib", "other", _EXECUTABLE),
    _refused("application/x-pie-executable", "other", _EXECUTABLE),
    _refused("application/x-mach-binary", "other", _EXECUTABLE),
    _refused("application/x-elf", "other", _EXECUTABLE),
    _refused("application/java-archive", "other", _EXECUTABLE),
    _refused("application/x-java-applet", "other", _EXECUTABLE),
    _refused("application/vnd.android.package-archive", "other", _EXECUTABLE),
    _refused("application/x-ms-shortcut", "other", _EXECUTABLE),
    _refused("application/x-msi", "other", _EXECUTABLE),
    _refused("text/html", "text", _WEB_PAGE),
    _refused("application/xhtml+xml", "other", _WEB_PAGE),
    _refused("application/hta", "other", _WEB_PAGE),
    _refused("image/svg+xml", "image", "an SVG image, which can carry scripts"),
    _refused("text/javascript", "text", _SCRIPT),
    _refused("application/javascript", "other", _SCRIPT),
    _refused("text/vbscript", "text", _SCRIPT),
    _refused("application/zip", "other", _ARCHIVE),
    _refused("application/x-7z-compressed", "other", _ARCHIVE),
    _refused("application/x-rar", "other", _ARCHIVE),
    _refused("application/gzip", "other", _ARCHIVE),
)

_BY_NAME = {t.name: t for t in TYPES}
ACCEPTED: frozenset[str] = frozenset(t.name for t in TYPES if t.accepted)

# Types outside the table (older items, refusals): their kind from the top-level type.
_TOP_LEVEL_KINDS: dict[str, Kind] = {"image": "image", "audio": "audio", "video": "video", "text": "text"}
_DOCUMENT = re.compile(r"^application/(pdf|rtf|msword|vnd\.(openxmlformats|oasis|ms-))")
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


def get(media_type: str) -> MediaType | None:
    return _BY_NAME.get(media_type)


def is_accepted(media_type: str) -> bool:
    return media_type in ACCEPTED


def refusal(media_type: str) -> str:
    """Why a type is not accepted as evidence (for the 415)."""
    known = _BY_NAME.get(media_type)
    if known is not None and known.refusal:
        return known.refusal
    if media_type.startswith("text/x-"):
        return "a script or program source"
    if media_type.endswith("xml"):
        return "XML, which can carry scripts and external references"
    return "not an accepted evidence format"


def sanitiser_for(media_type: str) -> Sanitiser | None:
    known = _BY_NAME.get(media_type)
    return known.sanitiser if known is not None else None


def unsanitisable(media_type: str) -> str:
    """Why items of this type get no sanitised copy (for a type without a stripper)."""
    known = _BY_NAME.get(media_type)
    if known is not None and known.unsanitisable:
        return known.unsanitisable
    return f"no metadata stripper is known for {media_type}"


def outcome(media_type: str) -> str:
    """What sanitising does with this type, in words: the path it takes, or why there is none."""
    how = sanitiser_for(media_type)
    if how is None:
        return f"not sanitised: {unsanitisable(media_type)}"
    return how.describe()


def kind_of(media_type: str) -> Kind:
    """image, audio, video, text, document or other (how a package lists the item)."""
    known = _BY_NAME.get(media_type)
    if known is not None:
        return known.kind
    top = media_type.split("/", 1)[0]
    if top in _TOP_LEVEL_KINDS:
        return _TOP_LEVEL_KINDS[top]
    return "document" if _DOCUMENT.match(media_type) else "other"


def extension_for(media_type: str, filename: str) -> str:
    """An item's file extension in a package: its type's, else the uploaded file's if plain, else .bin."""
    known = _BY_NAME.get(media_type)
    if known is not None and known.extension is not None:
        return known.extension
    suffix = Path(filename).suffix
    return suffix.lower() if _SUFFIX.match(suffix) else ".bin"


def by_extension(prefix: str) -> dict[str, str]:
    """Extension → type, for the types whose name starts with `prefix` (e.g. the OOXML family)."""
    return {t.extension: t.name for t in TYPES if t.name.startswith(prefix) and t.extension}
