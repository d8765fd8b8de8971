"""What keeps a worker's memory at its baseline plus the plots cache's budget (README, "Flood").

Measured with 500-step descent SVGs (~300 kB each), the largest files a state makes:

- An SVG is drawn on a figure of its own (``plots.vector``), full of reference cycles, so it is
  freed only by a full collection of the garbage collector, which in a heap of 250,000 objects
  runs only every few figures: 30-45 MiB of dead figures waited for it. ``discard`` frees each
  figure when its SVG is made, and ``settle`` (gunicorn's master, before it forks) moves what lives
  as long as the process out of every later collection, so that one costs ~10 ms, not ~160 ms.
- glibc's malloc serves a block over its mmap threshold (128 kB at start) with ``mmap`` and unmaps
  it when freed, but raises the threshold to the size of each such block freed (up to 32 MiB): after
  the first SVG is freed, later ones come from the heap, whose holes between long-lived cached
  values are never given back. ``return_large_blocks`` fixes the threshold (one ``mmap`` per large
  block, microseconds beside the drawing): 300 SVGs into a 64 MiB plots cache grew one process by
  148 MiB before, 110 MiB after.
- Every cached file counts in the plots cache's byte budget (dmath.cache.BudgetedLocMemCache).
"""

import ctypes
import ctypes.util
import gc

from matplotlib.figure import Figure

M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>
LARGE_BLOCK = 128 * 1024  # glibc's initial threshold, kept: setting it turns its adjustment off


def return_large_blocks() -> bool:
    """Fix glibc's mmap threshold; False where the C library has no ``mallopt`` (macOS) or refuses it."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK))


def settle() -> None:
    """For a process about to fork its workers: collect once, then leave what is alive now out of later collections.

    What the master holds then (modules, the figure backgrounds) lives as long as every worker; the
    collector no longer walks it, and the workers keep sharing its pages (a walk would touch them).
    """
    gc.collect()
    gc.freeze()


def discard(figure: Figure) -> None:
    """Free a figure drawn for one file now: its artists and arrays, not at some later full collection."""
    figure.clear()
    gc.collect()
