"""Metadata-stripped copies of evidence for sharing (GPS, device, author fields can expose a source).

The tools (mat2, Pillow, ffmpeg) run here; which one, in which mode, for which type is the media-type
registry's (`app/workflows/media_types.py`); the job around it is `evidence_processing.sanitise`.

mat2 is a command-line program run in a child process: with absolute paths (it resolves a relative one
against its own working directory, which is the work directory here: the portal's `./var` default
once made every PDF, text and office file fail), a clean environment (HOME and TMPDIR in the private
work directory), a timeout, and its verdict read from what it prints as well as its exit code (it
exits 0 after "[-] … can't be cleaned").
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.workflows import media_types
from app.workflows.evidence_processing import StripOutcome

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 300.0


def _env(work: Path) -> dict[str, str]:
    # Nothing of the portal's environment (secrets, PYTHONPATH of a virtualenv) reaches the tools.
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(work),
        "TMPDIR": str(work),
        "XDG_CACHE_HOME": str(work / ".cache"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def _run(args: list[str], work: Path, timeout: float) -> tuple[int | None, str]:
    """Exit code (None on timeout) and the tool's last words (it only ever sees neutral file names)."""
    try:
        proc = subprocess.run(  # noqa: S603 - fixed program, arguments are paths we made
            args, capture_output=True, timeout=timeout, check=False, cwd=work, env=_env(work)
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    said = (proc.stdout + proc.stderr).decode(errors="replace").strip()
    return proc.returncode, said[-500:]


def missing_programs(how: media_types.Sanitiser) -> list[str]:
    """Programs this type's first choice needs that this machine lacks (mat2 itself, or ffmpeg)."""
    wanted = [*(["mat2", *how.needs] if how.mat2 else []), *(["ffmpeg"] if how.ffmpeg else [])]
    return [p for p in dict.fromkeys(wanted) if shutil.which(p) is None]


def _mat2(src: Path, *, lightweight: bool, timeout: float) -> tuple[Path | None, str]:
    exe = shutil.which("mat2")
    if exe is None:
        return None, "mat2 is not installed"
    src = src.resolve()
    args = [exe, *(["-L"] if lightweight else []), "--", str(src)]
    code, said = _run(args, src.parent, timeout)
    out = src.with_name(f"{src.stem}.cleaned{src.suffix}")
    failed = code != 0 or "[-]" in said or not out.is_file()
    if failed:
        out.unlink(missing_ok=True)
        log.warning("mat2 failed (exit %s): %s", code, said or "no output")
        return None, f"mat2 could not clean this file ({said or f'exit {code}'})"
    return out, ""


def _ffmpeg(src: Path, out: Path, timeout: float) -> tuple[Path | None, str]:
    exe = shutil.which("ffmpeg")
    if exe is None:
        return None, "ffmpeg is not installed"
    src, out = src.resolve(), out.resolve()
    # The same remux mat2 does for MP4: every stream copied, every metadata field, chapter and
    # disposition dropped, and nothing of ffmpeg's own written (bitexact).
    args = [exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(src), "-y", "-map", "0"]
    args += ["-codec", "copy", "-map_metadata", "-1", "-map_chapters", "-1", "-disposition", "0"]
    args += ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", str(out)]
    code, said = _run(args, src.parent, timeout)
    if code != 0 or not out.is_file() or out.stat().st_size == 0:
        out.unlink(missing_ok=True)
        log.warning("ffmpeg failed (exit %s): %s", code, said or "no output")
        return None, f"ffmpeg could not remux this file ({said or f'exit {code}'})"
    return out, ""


def _pillow(src: Path, out: Path, fmt: str) -> tuple[Path | None, str]:
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
        return None, f"Pillow could not read this image ({exc})"
    return out, ""


def clean(
    src: Path, media_type: str, *, work_dir: Path | None = None, timeout: float = DEFAULT_TIMEOUT
) -> StripOutcome:
    """Sanitise `src` (only read) along its type's path in the registry.

    `done`: the copy is in a fresh temporary directory under `work_dir` (default `src`'s directory, so
    plaintext stays wherever the caller keeps it); the caller removes `outcome.path.parent`.
    `unsupported`: this type cannot be sanitised (here), with the reason; `failed`: the tools tried and
    could not, with what they said. Nothing is left behind but a `done` copy."""
    how = media_types.sanitiser_for(media_type)
    if how is None:
        return StripOutcome("unsupported", detail=media_types.unsanitisable(media_type))
    missing = missing_programs(how)
    if missing and not how.pillow:
        names = " and ".join(missing)
        return StripOutcome(
            "unsupported",
            detail=f"cannot be sanitised on this server: this format takes {how.describe()}, and {names} "
            f"{'is' if len(missing) == 1 else 'are'} not installed",
        )
    work = Path(tempfile.mkdtemp(prefix="sanitise-", dir=work_dir or src.parent)).resolve()
    try:
        # A private copy with a neutral name: the tools write beside their input and never see the
        # original's name (which can itself identify a source).
        working = work / f"input{how.suffix}"
        shutil.copyfile(src, working)
        result, tool, problems = None, None, []
        for step in how.steps():
            if step == "verbatim":
                result = work / f"clean{how.suffix}"
                working.rename(result)
            elif step.startswith("mat2") and not missing:
                result, why = _mat2(working, lightweight=step == "mat2 -L", timeout=timeout)
                problems.append(why)
            elif step == "ffmpeg" and not missing:
                result, why = _ffmpeg(working, work / f"clean{how.suffix}", timeout)
                problems.append(why)
            elif step == "pillow" and how.pillow is not None:
                result, why = _pillow(working, work / f"clean{how.suffix}", how.pillow)
                problems.append(why)
            if result is not None:
                tool = step
                break
        working.unlink(missing_ok=True)
        if result is None:
            shutil.rmtree(work)
            return StripOutcome("failed", detail="; ".join(p for p in problems if p) or "no tool succeeded")
        return StripOutcome("done", path=result, tool=tool)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def sanitise_file(
    src: Path, media_type: str, *, timeout: float = DEFAULT_TIMEOUT, work_dir: Path | None = None
) -> Path | None:
    """The copy `clean` made, or None when this type cannot be sanitised here (see `clean`)."""
    outcome = clean(src, media_type, work_dir=work_dir, timeout=timeout)
    return outcome.path


def strip(src: Path, media_type: str, *, work_dir: Path) -> StripOutcome:
    """The stripper the `evidence.sanitise` job uses."""
    return clean(src, media_type, work_dir=work_dir)
