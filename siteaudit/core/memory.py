"""Give freed memory back to the system as soon as it is freed (glibc only).

The analysis allocates and frees arrays of tens to hundreds of megabytes one after another
(the text pass's parts, the TF-IDF vectors, the link index). glibc serves a block over
128 KiB with its own mapping and unmaps it when freed, but after the first such free it
raises that threshold to the freed block's size: later blocks of up to that size then come
from the heap, and what is freed there stays counted against the process. Fixed thresholds
keep every large block a mapping of its own: the peak of `siteaudit report` at 100,000 pages
went from 1,014 to 947 MB (wall time 18 min 34 s against 18 min 40 s, run side by side).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

# mallopt() parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
THRESHOLD = 128 * 1024  # glibc's own starting value for both

# Set by a user who tunes glibc themselves: theirs win.
_USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


def release_freed_memory() -> bool:
    """Fix glibc's mmap and trim thresholds for this process (and the workers it forks).

    Returns True when they were set; False elsewhere than glibc on Linux, or when the user's
    environment tunes malloc already.
    """
    if not sys.platform.startswith("linux") or any(os.environ.get(k) for k in _USER_SETTINGS):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others: no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, THRESHOLD)
    )
