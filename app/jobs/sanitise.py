"""Metadata-stripped copies of evidence for sharing (GPS, device, author fields can expose a source).

The tools (mat2, Pillow) run here; which one, in which mode, for which type is the media-type
registry's (`app/workflows/media_types.py`); the job around it is `evidence_processing.sanitise`.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.workflows import media_types

log = logging.getLogger(__name__)


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
    how = media_types.sanitiser_for(media_type)
    if how is None:
        return None
    work = Path(tempfile.mkdtemp(prefix="sanitise-", dir=work_dir or src.parent))
    try:
        # A private copy with a neutral name: mat2 writes beside its input and must not see the original.
        working = work / f"input{how.suffix}"
        shutil.copyfile(src, working)
        result = None
        if how.mat2:
            result = _mat2(working, lightweight=how.mat2_lightweight, timeout=timeout)
        if result is None and how.pillow is not None:
            result = _pillow(working, work / f"clean{how.suffix}", how.pillow)
        working.unlink()
        if result is None:
            shutil.rmtree(work)
        return result
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def strip(src: Path, media_type: str, *, work_dir: Path) -> tuple[Path, str] | None:
    """`sanitise_file`, and which tool made the copy (for the custody record)."""
    result = sanitise_file(src, media_type, work_dir=work_dir)
    if result is None:
        return None
    return result, "mat2" if ".cleaned" in result.name else "pillow"
