"""`site-gen check` end to end: every rule, a progress phase per step, one summary line.

The problems are the command's output (stdout, in the format asked for); the phases and the
summary are only progress, so they go wherever `progress` prints (stderr in the CLI).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import problems as P
from .init import placeholder_problems
from .marketplace import claude_code_problems
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

    @property
    def summary(self) -> str:
        """`checked 1,000 plugins (1,000 skills, 5,000 files) in 7.9s: 0 errors, 2 warnings`"""
        return (
            f"checked {self.plugins:,} plugins ({self.skills:,} skills, {self.files:,} files) "
            f"in {self.seconds:.1f}s: {P.summary(self.problems)}"
        )


def run_check(root: Path, base: str | None, progress: Progress | None = None) -> CheckRun:
    """Every problem `site-gen check` reports: the registry's rules, then the repository's
    (committed marketplace.json, template placeholders and, with `base`, version bumps and
    overlap since that git ref)."""
    progress = progress or Progress(quiet=True)
    start = time.perf_counter()
    checked = check_registry(root, progress=progress)
    with progress.phase("repository"):
        problems = checked.problems + claude_code_problems(root, checked.registry, base)
        problems += placeholder_problems(root)
    run = CheckRun(
        P.sort_problems(problems),
        len(checked.registry),
        sum(len(plugin.skills) for plugin in checked.registry),
        len(checked.load.files),
        time.perf_counter() - start,
    )
    progress.note(run.summary)
    return run
