"""Warn when a plugin changed but its version did not: installed copies would never update.

Claude Code updates an installed plugin only when its `version` string changes, so a pull
request that edits a skill must bump plugin.json too. Compared against a git base ref.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from . import problems as P
from .model import Registry


def version_problems(root: Path, registry: Registry, base: str) -> list[P.Problem]:
    """W160 for each plugin whose files differ from `base` while its version is the same."""
    try:
        merge_base = _git(root, "merge-base", base, "HEAD").strip()
        # Paths relative to `root` (the registry may sit below the repository's top);
        # the working tree counts, uncommitted and untracked files included.
        touched = set(
            _git(root, "diff", "--relative", "--name-only", merge_base, "--", "plugins/").split(
                "\n"
            )
        )
        touched |= set(
            _git(root, "ls-files", "--others", "--exclude-standard", "plugins/").split("\n")
        )
    except GitError as exc:
        return [P.error(".", 0, "E160", f"cannot compare with base '{base}': {exc}", _BASE_HINT)]
    found = []
    for plugin in registry:
        if not any(path.startswith(plugin.path + "/") for path in touched):
            continue
        old = _base_version(root, merge_base, plugin.manifest_path)
        if old is not None and old == plugin.version:
            found.append(
                P.warning(
                    plugin.manifest_path,
                    _version_line(root / plugin.manifest_path),
                    "W160",
                    f"files changed since {base} but version is still {old!r}",
                    f'bump it, e.g. "version": "{_bump(old)}": installed copies update only '
                    "when the version changes",
                )
            )
    return found


_BASE_HINT = "fetch it first (git fetch origin main) or pass an existing ref: --base origin/main"


class GitError(Exception):
    """A git command failed; the message is git's own."""


def _git(root: Path, *args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError as exc:
        raise GitError(str(exc)) from None
    if out.returncode:
        raise GitError(out.stderr.strip().splitlines()[0] if out.stderr.strip() else "git failed")
    return out.stdout


def _base_version(root: Path, ref: str, manifest_path: str) -> str | None:
    """plugin.json's version at `ref`; None when the plugin is new there or unreadable."""
    try:
        text = _git(root, "show", f"{ref}:./{manifest_path}")
        value = json.loads(text).get("version")
    except (GitError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _version_line(path: Path) -> int:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return 0
    return next((n for n, line in enumerate(lines, 1) if '"version"' in line), 0)


def _bump(version: str) -> str:
    """The next patch version of a semantic version, else a placeholder."""
    parts = version.split("-")[0].split("+")[0].split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}.{parts[1]}.{int(parts[2]) + 1}"
    return "1.0.1"
