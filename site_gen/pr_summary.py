"""What a pull request does to the registry, as the JSON the PR comment is rendered from.

`validate.yml` runs `python -m site_gen.pr_summary --base origin/main --out DIR` and uploads
DIR/summary.json as an artifact; `pr_comment` (a separate, privileged workflow) posts it.
For every plugin the PR adds, changes or removes: its check results and its new
troubleshooting entries, each ranked against the rest of the registry with the error
lookup's own index and ranking, so a reviewer sees which errors the registry already covers.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from . import problems as P
from .config import load_config
from .loader import load_registry
from .marketplace import claude_code_problems
from .model import Plugin, Registry
from .pr_report import FORMAT, SUMMARY_FILE, parse_summary, render_comment
from .registry import check_registry
from .search.error_index import PluginTerms, build_index
from .search.rank import rank


class SummaryError(Exception):
    """git could not answer (an unknown base ref); the message says which command."""


def _git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True)
    if result.returncode:
        detail = result.stderr.decode("utf-8", "replace").strip()
        raise SummaryError(f"git {' '.join(args)}: {detail}")
    return result.stdout


def changed_folders(root: Path, merge_base: str) -> list[str]:
    """`plugins/<category>/<name>` folders with a file changed between `merge_base` and HEAD."""
    out = _git(
        root, "diff", "--name-only", "-z", "--no-renames", merge_base, "HEAD", "--", "plugins"
    )
    parts = (name.split("/") for name in out.decode("utf-8", "replace").split("\0") if name)
    return sorted({"/".join(p[:3]) for p in parts if len(p) >= 4})


def load_base(root: Path, merge_base: str, folders: list[str], into: Path) -> Registry:
    """The `folders` (those that exist there) as they are at `merge_base`, read from git."""
    listed = _git(root, "ls-tree", "-d", "--name-only", merge_base, "--", *folders)
    existing = listed.decode("utf-8", "replace").split()
    (into / "plugins").mkdir(parents=True, exist_ok=True)
    if existing:
        archive = _git(root, "archive", "--format=tar", merge_base, "--", *existing)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
    return load_registry(into).registry


def summarize(root: Path, base: str, pull_request: int = 0) -> dict[str, Any]:
    """The summary (see `pr_report.parse_summary` for its shape) of HEAD against `base`.

    Only the changed plugin folders are read at the merge base; a new entry's error is ranked
    against every other skill of HEAD (the registry as it will be after the merge).
    """
    root = root.resolve()
    merge_base = _git(root, "merge-base", base, "HEAD").decode().strip()
    folders = changed_folders(root, merge_base)
    checked = check_registry(root)
    head = checked.registry
    problems = P.sort_problems(checked.problems + claude_code_problems(root, head, base))
    with tempfile.TemporaryDirectory(prefix="pr-base-") as tmp:
        before = load_base(root, merge_base, folders, Path(tmp))
    old = {plugin.path: plugin for plugin in before}
    new = {plugin.path: plugin for plugin in head}
    terms: PluginTerms = {}
    plugins = []
    for path in folders:
        was, now = old.get(path), new.get(path)
        if now is None and was is not None:
            plugins.append(_entry(was, "removed", was, [], []))
        elif now is not None:
            mine = [p for p in problems if p.plugin_path == path]
            covered = _new_entries(now, was, head, terms)
            plugins.append(_entry(now, "added" if was is None else "changed", was, mine, covered))
    return {
        "format": FORMAT,
        "pull_request": pull_request,
        "base": base,
        "check": {
            "errors": sum(p.is_error for p in problems),
            "warnings": sum(not p.is_error for p in problems),
        },
        "plugins": plugins,
        "overlaps": [],
    }


def _entry(
    plugin: Plugin,
    status: str,
    was: Plugin | None,
    problems: list[P.Problem],
    new_entries: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "path": plugin.path,
        "name": plugin.name,
        "status": status,
        "version_before": was.version if was else "",
        "version": plugin.version if status != "removed" else "",
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "code": p.code,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in problems
        ],
        "new_entries": new_entries,
    }


def _new_entries(
    plugin: Plugin, was: Plugin | None, registry: Registry, terms: PluginTerms
) -> list[dict[str, Any]]:
    """Troubleshooting entries `was` did not have, each with the entry of another skill that
    the error lookup confidently answers its error with (None: new to the registry)."""
    known = {entry.title for entry in was.all_troubleshooting} if was else set()
    fresh = [entry for entry in plugin.all_troubleshooting if entry.title not in known]
    if not fresh:
        return []
    index = build_index(registry.without({plugin.name}), terms)
    out = []
    for entry in fresh:
        error = entry.errors[0] if entry.errors else entry.title
        matches = rank(index, "\n".join(entry.errors) or entry.title, 1)
        top = matches[0] if matches and matches[0].confident else None
        covered = None
        if top:
            skill, anchor = top.doc["skill"], top.doc["url"].rsplit("#", 1)[-1]
            covered = {"skill": skill, "entry": top.doc["entry"], "anchor": anchor}
        out.append({"title": entry.title, "error": error, "covered_by": covered})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_gen.pr_summary", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--base", default="origin/main", help="git ref the PR merges into")
    parser.add_argument("--pull-request", type=int, default=0, help="the PR's number")
    parser.add_argument("--out", type=Path, required=True, help="folder for summary.json")
    args = parser.parse_args(argv)
    try:
        summary = summarize(args.root, args.base, args.pull_request)
    except SummaryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (args.out / SUMMARY_FILE).write_text(text, "utf-8")
    comment = render_comment(parse_summary(text.encode()), load_config(args.root).site)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as out:
            out.write(comment)
    print(comment, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
