"""Give memory the build no longer needs back to the system before Pagefind starts beside it.

Pagefind runs as a second process while the build's Python process is still alive, so the
machine holds both at once. Python frees dropped objects into its allocator, not to the
system: `gc.collect()` clears cycles, and glibc's `malloc_trim` returns free heap pages
(at 1,000 skills about a fifth of the process). There is no library for this one call; on
a C library without `malloc_trim` (macOS, musl) only the collection happens.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
from collections.abc import Iterator


def release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system where libc can."""
    gc.collect()
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for code that builds millions of acyclic objects
    (the emitters' indexes), where each full collection walks the whole heap for nothing
    (about 15% of the emit phase at 1,000 skills). Collection resumes after, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
