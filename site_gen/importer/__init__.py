"""`site-gen import`: bring skills from another layout into this registry.

found (`layouts`) -> planned (`plan`) -> written (`write`) -> checked (`site-gen check`'s
verdict on the imported plugins). Every failure on the way is a `Problem`, never a traceback.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import problems as P
from ..progress import Progress
from ..registry import check_registry
from .layouts import LOOKED_FOR, find_skills
from .plan import Options, Planned, plan_import, read_content
from .source import SourceError, open_source
from .write import write_planned

__all__ = ["ImportReport", "Options", "import_source"]

LAYOUT_NAMES = {
    "registry": "this registry's layout",
    "marketplace": "Claude Code plugin marketplace",
    "flat": "flat skill files",
    "agent-skills": "Agent Skills folders",
}


@dataclass
class ImportReport:
    source: str
    layout: str = ""
    planned: list[Planned] = field(default_factory=list)
    problems: list[P.Problem] = field(default_factory=list)
    """Problems of the source as a whole, and writes that could not be done."""
    checked: dict[str, list[P.Problem]] = field(default_factory=dict)
    """Imported plugin folder -> what `site-gen check` says about it."""
    dry_run: bool = False

    @property
    def failed(self) -> bool:
        """Nothing usable, or some skill refused: the exit code says so."""
        item_problems = [p for item in self.planned for p in item.problems]
        return (
            not self.layout
            or any(item.action == "refused" for item in self.planned)
            or any(p.is_error for p in self.problems + item_problems)
        )


def import_source(
    root: Path,
    source: str,
    options: Options,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every skill of `source` (a folder or git URL) into the registry at `root`."""
    root = root.resolve()
    report = ImportReport(source, dry_run=dry_run)
    progress = progress or Progress(quiet=True)
    try:
        with open_source(source) as folder:  # open until written: files are read lazily
            with progress.phase("find", unit="skills") as step:
                found = find_skills(folder)
                step.advance(len(found.candidates) if found else 0)
            if found is None:
                report.problems.append(_unrecognised(source))
                return report
            report.layout = found.layout
            report.problems.extend(found.problems)
            with progress.phase("plan", unit="skills") as step:
                report.planned = plan_import(root, folder, found.candidates, options)
                step.advance(len(report.planned))
            _apply(root, report, progress)
    except SourceError as exc:
        report.problems.append(P.error(source, 0, "E602", str(exc), "give a folder or a git URL"))
    except OSError as exc:  # an unreadable file: say which, never a traceback
        report.problems.append(P.error(source, 0, "E602", f"import stopped: {exc}"))
    return report


def _apply(root: Path, report: ImportReport, progress: Progress) -> None:
    """Write the plan (or, for a dry run, a throwaway copy of it) and check the result."""
    kept = [p for p in report.planned if p.action != "refused"]
    if report.dry_run:
        with progress.phase("check", unit="plugins") as step:
            report.checked = _check_in_copy(root, kept)
            step.advance(len(kept))
        return
    with progress.phase("write", total=len(kept), unit="plugins") as step:
        for item in kept:
            problem = write_planned(root, item)
            if problem:
                report.problems.append(problem)
                item.action = "refused"
            step.advance()
    with progress.phase("check", unit="plugins") as step:
        report.checked = _verdict(root, [p for p in kept if p.action != "refused"])
        step.advance(len(report.checked))


def _unrecognised(source: str) -> P.Problem:
    looked = "; ".join(LOOKED_FOR)
    return P.error(
        source,
        0,
        "E601",
        f"not a skill layout this command knows. Looked for: {looked}",
        "point SOURCE at the folder that holds the skills (e.g. ~/.claude/skills or a repo root)",
    )


def _verdict(root: Path, imported: list[Planned]) -> dict[str, list[P.Problem]]:
    targets = {p.target for p in imported}
    checked: dict[str, list[P.Problem]] = {t: [] for t in sorted(targets)}
    for problem in check_registry(root).problems:
        if problem.plugin_path in targets:
            checked[problem.plugin_path].append(problem)
    return checked


def _check_in_copy(root: Path, kept: list[Planned]) -> dict[str, list[P.Problem]]:
    """The verdict a real import would give, from a throwaway registry holding the plan."""
    with tempfile.TemporaryDirectory(prefix="site-gen-import-check-") as tmp:
        copy = Path(tmp)
        (copy / "plugins").mkdir()
        for item in kept:
            existing = root / item.target
            if existing.is_dir():
                shutil.copytree(existing, copy / item.target, symlinks=True)
            for path, data in item.files.items():
                target = copy / item.target / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(read_content(data))
        return _verdict(copy, kept)
