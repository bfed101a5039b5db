"""`site-gen check` end to end: every rule, a progress phase per step, one summary line.

The problems are the command's output (stdout, in the format asked for); the phases and the
summary are only progress, so they go wherever `progress` prints (stderr in the CLI).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import problems as P
from .cache_store import CacheFolderError, CacheStore
from .init import placeholder_problems
from .marketplace import claude_code_problems
from .plugin_cache import PluginStore
from .progress import Progress
from .registry import check_registry


@dataclass(frozen=True)
class CheckRun:
    problems: list[P.Problem]
    """Sorted, as every format prints them."""
    plugins: int
    skills: int
    files: int
    """Files under plugins/: each one read and scanned for secrets."""
    seconds: float
    cached: int = 0
    """Plugins read from the build cache instead of parsed (`plugin_cache`)."""

    @property
    def summary(self) -> str:
        """`checked 1,000 plugins (1,000 skills, 5,000 files) in 7.9s: 0 errors, 2 warnings`"""
        return (
            f"checked {self.plugins:,} plugins ({self.skills:,} skills, {self.files:,} files) "
            f"in {self.seconds:.1f}s: {P.summary(self.problems)}"
        )


def run_check(
    root: Path, base: str | None, progress: Progress | None = None, cache_dir: Path | None = None
) -> CheckRun:
    """Every problem `site-gen check` reports: the registry's rules, then the repository's
    (committed marketplace.json, template placeholders and, with `base`, version bumps and
    overlap since that git ref). With `cache_dir` (the build cache), plugins whose files
    did not change since the last check or build are not parsed again (`plugin_cache`)."""
    progress = progress or Progress(quiet=True)
    start = time.perf_counter()
    store = _open_cache(cache_dir, progress)
    stored = PluginStore(store) if store is not None else None
    checked = check_registry(root, progress=progress, stored=stored)
    with progress.phase("repository"):
        problems = checked.problems + claude_code_problems(root, checked.registry, base)
        problems += placeholder_problems(root)
    run = CheckRun(
        P.sort_problems(problems),
        len(checked.registry),
        sum(len(plugin.skills) for plugin in checked.registry),
        len(checked.load.files),
        time.perf_counter() - start,
        stored.hits if stored is not None else 0,
    )
    progress.note(run.summary)
    return run


def _open_cache(cache_dir: Path | None, progress: Progress) -> CacheStore | None:
    """The build cache, or None (and a note) when the folder cannot be one: the check runs
    the same without it, only slower."""
    if cache_dir is None:
        return None
    try:
        return CacheStore(cache_dir.resolve())
    except (CacheFolderError, OSError) as exc:
        progress.note(f"checking without the cache: {exc}")
        return None
