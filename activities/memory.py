"""Large blocks go back to the system when freed, so a worker's memory is its baseline plus the plots cache.

glibc's malloc serves a block over its mmap threshold (128 kB at start) with ``mmap`` and unmaps it
when freed, but each time such a block is freed it raises the threshold to that block's size (up to
32 MiB). After the first SVG (300 kB) is freed, every later one comes from the heap instead, where
the holes left between long-lived cached values are never given back. Measured (300 distinct
500-step descent SVGs, one process, a 64 MiB plots cache holding 63 MiB): the process grew 93 MiB
over its plateau without a cache; with the threshold fixed, 46 MiB. The cost is one ``mmap`` per
large block (a figure buffer, an SVG), microseconds beside the milliseconds that drawing takes.
"""

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>
LARGE_BLOCK = 128 * 1024  # glibc's initial threshold, kept: setting it turns its adjustment off


def return_large_blocks() -> bool:
    """Fix glibc's mmap threshold; False where the C library has no ``mallopt`` (macOS) or refuses it."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK))
