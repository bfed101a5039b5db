# Copied from site_gen/progress.py by `site-gen marketplace`: edit that file.
"""What a long command says while it works: a live display on a terminal, plain lines elsewhere.

On a terminal, rich draws one bar per phase (count, rate, time left) and leaves behind
one line per finished phase. Anywhere else (CI, pipes) nothing animates: each phase prints
one line when it ends, with its time and counts, so a GitHub Actions log reads like a
table. `quiet` prints nothing but problems. Messages (problems, notes) go through `echo`
in every mode, so `--format github` annotations and MkDocs' own logging are untouched.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

Echo = Callable[[str], None]


@dataclass
class Phase:
    """One step of a command: counted while it runs, timed when it ends."""

    name: str
    total: int | None = None
    unit: str = ""
    done: int = 0
    seconds: float = 0.0
    _on_advance: Callable[[Phase], None] | None = field(default=None, repr=False)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._on_advance is not None:
            self._on_advance(self)

    @property
    def line(self) -> str:
        """`render     1.2s  1,000 pages`: the phase as the summary table shows it."""
        count = self.done if self.done or self.total is None else self.total
        counted = f"  {count:,} {self.unit}".rstrip() if self.unit else ""
        return f"{self.name:<14} {self.seconds:7.1f}s{counted}"


class Progress:
    """Plain reporting: one line per finished phase (or none with `quiet`)."""

    def __init__(self, echo: Echo = print, quiet: bool = False) -> None:
        self.echo = echo
        self.quiet = quiet
        self.phases: list[Phase] = []

    @contextmanager
    def phase(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Phase]:
        step = Phase(name, total, unit)
        self.phases.append(step)
        start = time.perf_counter()
        self._started(step)
        try:
            yield step
        finally:
            step.seconds = time.perf_counter() - start
            self._ended(step)

    def note(self, text: str) -> None:
        """A line that is not a problem: silent with `quiet`."""
        if not self.quiet:
            self.echo(text)

    def _started(self, step: Phase) -> None:
        pass

    def _ended(self, step: Phase) -> None:
        self.note(step.line)

    def close(self) -> None:
        pass


class Within(Progress):
    """A callee's phases folded into one phase of the caller's display: silent, except that
    the callee's phase named `counted` moves `step` (build's `check` line counts the plugins
    `check_registry` loads, live, instead of jumping to the total at the end)."""

    def __init__(self, step: Phase, counted: str) -> None:
        super().__init__(quiet=True)
        self.step = step
        self.counted = counted

    def _started(self, inner: Phase) -> None:
        if inner.name == self.counted:
            inner._on_advance = self._forward

    def _forward(self, inner: Phase) -> None:
        self.step.total = inner.total
        self.step.advance(inner.done - self.step.done)


class TerminalProgress(Progress):
    """A rich live display per phase; finished phases stay on screen as plain lines."""

    def __init__(self, echo: Echo = print, stream: IO[str] | None = None) -> None:
        super().__init__(echo)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.console = Console(file=stream or sys.stderr)
        self.live = RichProgress(
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.live.start()
        self.tasks: dict[int, Any] = {}
        self.started: dict[int, float] = {}

    def _started(self, step: Phase) -> None:
        self.tasks[id(step)] = self.live.add_task(step.name, total=step.total, rate="")
        self.started[id(step)] = time.perf_counter()
        step._on_advance = self._advance

    def _advance(self, step: Phase) -> None:
        elapsed = max(time.perf_counter() - self.started[id(step)], 1e-6)
        rate = f"{step.done / elapsed:,.0f} {step.unit}/s" if step.unit else ""
        self.live.update(self.tasks[id(step)], completed=step.done, total=step.total, rate=rate)

    def _ended(self, step: Phase) -> None:
        self.live.remove_task(self.tasks.pop(id(step)))
        self.live.console.print(step.line, highlight=False, markup=False)

    def note(self, text: str) -> None:
        self.live.console.print(text, highlight=False, markup=False)

    def close(self) -> None:
        self.live.stop()


def make_progress(
    echo: Echo = print, quiet: bool = False, stream: IO[str] | None = None
) -> Progress:
    """The display for where output goes: live on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    if not quiet and stream.isatty():
        return TerminalProgress(echo, stream)
    return Progress(echo, quiet)


def human_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1000
    return f"{size:,.1f} GB"
