"""Process-wide memory settings for the API and worker processes."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
_tuned = False


def tune_malloc(mmap_threshold: int = 512 * 1024, arena_max: int = 2) -> bool:
    """Keep glibc from holding on to the large, short-lived buffers of streamed uploads.

    By default glibc raises its mmap threshold each time a large block is freed, so later 1-8 MiB
    upload buffers come from per-thread heaps that fragment and are rarely returned to the system:
    the process grows by tens of MB during an upload and stays there. A fixed threshold keeps such
    buffers mmapped (returned the moment they are freed), and fewer arenas bound the rest.
    Returns False where the C library is not glibc (musl, macOS): nothing to do there.
    """
    global _tuned
    if _tuned or not sys.platform.startswith("linux"):
        return _tuned
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    _tuned = bool(mallopt(_M_MMAP_THRESHOLD, mmap_threshold)) and bool(mallopt(_M_ARENA_MAX, arena_max))
    if not _tuned:
        log.warning("mallopt refused the memory settings; upload buffers may inflate the process")
    return _tuned
