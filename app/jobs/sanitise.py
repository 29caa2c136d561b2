"""Metadata-stripped copies of evidence for sharing (GPS, device, author fields can expose a source)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

# mat2 picks its parser from the file extension, so the working copy gets the one matching the type.
_MAT2_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.oasis.opendocument.graphics": ".odg",
    "text/plain": ".txt",
    "text/csv": ".txt",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/tiff": ".tiff",
    "image/heic": ".heic",
    "audio/mpeg": ".mp3",
    "audio/x-wav": ".wav",
    "audio/wav": ".wav",
    "audio/ogg": ".ogg",
    "audio/flac": ".flac",
    "audio/x-flac": ".flac",
    "video/mp4": ".mp4",  # needs ffmpeg
    "video/x-msvideo": ".avi",  # needs ffmpeg
}
# Fallback when mat2 is missing or fails: Pillow re-encodes the pixels only.
_PILLOW_FORMATS = {
    "image/jpeg": ("JPEG", ".jpg"),
    "image/png": ("PNG", ".png"),
    "image/gif": ("GIF", ".gif"),
    "image/tiff": ("TIFF", ".tiff"),
    "image/webp": ("WEBP", ".webp"),
}


def _mat2(src: Path, *, lightweight: bool, timeout: float) -> Path | None:
    exe = shutil.which("mat2")
    if exe is None:
        return None
    args = [exe, *(["-L"] if lightweight else []), "--", str(src)]
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout, check=False, cwd=src.parent)  # noqa: S603
    except subprocess.TimeoutExpired:
        log.warning("mat2 timed out after %ss", timeout)
        return None
    out = src.with_name(f"{src.stem}.cleaned{src.suffix}")
    if proc.returncode != 0 or not out.is_file():
        log.warning("mat2 failed (%s): %s", proc.returncode, proc.stderr.decode(errors="replace")[-500:])
        return None
    return out


def _pillow(src: Path, out: Path, fmt: str) -> Path | None:
    # Here, not at module level: keeps the idle API process small (only the sanitise job needs Pillow).
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(src) as original:
            # Apply the EXIF orientation to the pixels, since the tag that carried it goes away.
            upright = ImageOps.exif_transpose(original)
            # A new image from raw pixels carries no EXIF, XMP, ICC, comments or other info chunks.
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            palette = upright.getpalette()
            if upright.mode == "P" and palette is not None:
                clean.putpalette(palette)
            clean.save(out, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("Pillow could not sanitise the image: %s", exc)
        return None
    return out


def sanitise_file(
    src: Path, media_type: str, *, timeout: float = 300.0, work_dir: Path | None = None
) -> Path | None:
    """A metadata-stripped copy of `src`, or None when this type cannot be sanitised here.

    The copy lives in a fresh temporary directory (under `work_dir`, default `src`'s directory, so
    plaintext stays wherever the caller keeps it); the caller removes `result.parent` when done.
    `src` is only read.
    """
    mat2_ext = _MAT2_EXTENSIONS.get(media_type)
    pillow = _PILLOW_FORMATS.get(media_type)
    if mat2_ext is None and pillow is None:
        return None
    work = Path(tempfile.mkdtemp(prefix="sanitise-", dir=work_dir or src.parent))
    try:
        # A private copy with a neutral name: mat2 writes beside its input and must not see the original.
        working = work / f"input{mat2_ext or (pillow[1] if pillow else '')}"
        shutil.copyfile(src, working)
        result = None
        if mat2_ext is not None:
            # Full mode rasterises PDFs (text lost); lightweight keeps the text and drops docinfo/XMP.
            result = _mat2(working, lightweight=media_type == "application/pdf", timeout=timeout)
        if result is None and pillow is not None:
            result = _pillow(working, work / f"clean{pillow[1]}", pillow[0])
        working.unlink()
        if result is None:
            shutil.rmtree(work)
        return result
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def supported(media_type: str) -> bool:
    """Whether `sanitise_file` knows a way to strip metadata from this type (it may still fail)."""
    return media_type in _MAT2_EXTENSIONS or media_type in _PILLOW_FORMATS
