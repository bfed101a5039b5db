#!/usr/bin/env python3
"""Branch, commit, push and open the pull request for a skill: what /retrospective runs.

    skill_pr.py prepare --repo DIR --plugin plugins/CAT/NAME [--harvest harvest.json]
    skill_pr.py publish --repo DIR --plugin plugins/CAT/NAME --yes

`prepare` runs `site-gen check --strict`, regenerates the marketplace, creates the branch
`skill/NAME`, commits, writes the pull request body (new errors vs errors the registry already
knows, from the harvest) and prints the commands `publish` will run. It pushes nothing.
`publish` needs `--yes` (the user's yes): it pushes the branch and opens the pull request with
`gh` when gh is on PATH; without gh, or when gh fails, it prints the exact commands to run.

Standard library only (Python 3.9+): it runs from the installed plugin, outside any venv.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

BODY_FILE = ".git/SKILL_PR_BODY.md"
"""Inside .git: never committed, and found again by `publish`."""


class Stop(Exception):
    """A step failed; the message says what to do."""


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check and out.returncode:
        detail = (out.stderr or out.stdout).strip()
        raise Stop(f"`{shlex.join(args)}` failed ({out.returncode}):\n{detail}")
    return out


def site_gen(repo: Path, given: str | None) -> list[str]:
    """How to run site-gen: --site-gen, the registry's .venv, or site-gen on PATH."""
    for candidate in (given, str(repo / ".venv/bin/site-gen"), shutil.which("site-gen")):
        if candidate and Path(candidate).is_file():
            return [candidate]
    raise Stop(
        "site-gen not found: in the registry run `make .venv/.installed`, or pass --site-gen"
    )


def names(plugin: str) -> tuple[str, str]:
    """(name, branch) of `plugins/CAT/NAME`."""
    parts = Path(plugin).parts
    if len(parts) != 3 or parts[0] != "plugins":
        raise Stop(f"--plugin must look like plugins/CATEGORY/NAME, got {plugin!r}")
    return parts[2], f"skill/{parts[2]}"


def prepare(args: argparse.Namespace) -> int:
    repo = Path(args.repo).resolve()
    name, branch = names(args.plugin)
    if not (repo / args.plugin / ".claude-plugin/plugin.json").is_file():
        raise Stop(f"{args.plugin}/.claude-plugin/plugin.json not found in {repo}")
    todo = [
        f"{path.relative_to(repo)}:{number}: {line.strip()}"
        for path in sorted((repo / args.plugin).rglob("*"))
        if path.is_file() and path.suffix in (".md", ".json")
        for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1)
        if "TODO" in line
    ]
    if todo:
        raise Stop("the draft still has TODO placeholders; write them first:\n" + "\n".join(todo))
    tool = site_gen(repo, args.site_gen)
    base_ref = f"{args.remote}/{args.base}"
    run(["git", "fetch", "--quiet", args.remote, args.base], repo, check=False)
    check = run([*tool, "check", "--strict", "--base", base_ref, "--root", str(repo)], repo, False)
    print(check.stdout, end="")
    if check.returncode:
        raise Stop("site-gen check --strict failed: fix what it printed, then run prepare again")
    run([*tool, "marketplace", "--root", str(repo)], repo)
    existed = (
        run(
            ["git", "cat-file", "-e", f"{base_ref}:{args.plugin}/.claude-plugin/plugin.json"],
            repo,
            check=False,
        ).returncode
        == 0
    )
    title = f"{'Update' if existed else 'Add'} skill: {name}"
    current = run(["git", "branch", "--show-current"], repo).stdout.strip()
    if current != branch:
        run(["git", "switch", "-c", branch], repo)
    paths = [args.plugin] + [
        p
        for p in (".claude-plugin/marketplace.json", "marketplace.json")
        if (repo / p).exists() or (repo / p).is_symlink()
    ]
    run(["git", "add", "--", *paths], repo)
    if run(["git", "diff", "--cached", "--quiet"], repo, check=False).returncode:
        run(["git", "commit", "-q", "-m", title], repo)
    harvest = json.loads(Path(args.harvest).read_text("utf-8")) if args.harvest else None
    (repo / BODY_FILE).write_text(pr_body(title, harvest), "utf-8")
    print(f"committed on {branch}: {title}")
    print(f"pull request body: {repo / BODY_FILE}\n")
    print("Nothing is pushed yet. After the user says yes, run:")
    print(f"  {shlex.join(publish_command(args))}")
    print("which runs:")
    for command in commands(args, title, repo):
        print(f"  {shlex.join(command)}")
    return 0


def publish_command(args: argparse.Namespace) -> list[str]:
    return [
        "python3",
        str(Path(__file__).resolve()),
        "publish",
        "--repo",
        args.repo,
        "--plugin",
        args.plugin,
        "--remote",
        args.remote,
        "--base",
        args.base,
        "--yes",
    ]


def commands(args: argparse.Namespace, title: str, repo: Path) -> list[list[str]]:
    """The push and the pull request, exactly as `publish` runs them."""
    _, branch = names(args.plugin)
    return [
        ["git", "push", "-u", args.remote, branch],
        [
            "gh",
            "pr",
            "create",
            "--base",
            args.base,
            "--head",
            branch,
            "--title",
            title,
            "--body-file",
            str(repo / BODY_FILE),
        ],
    ]


def publish(args: argparse.Namespace) -> int:
    if not args.yes:
        raise Stop("publish pushes to the remote: pass --yes once the user has said yes")
    repo = Path(args.repo).resolve()
    _, branch = names(args.plugin)
    if not (repo / BODY_FILE).is_file():
        raise Stop("run prepare first: it commits and writes the pull request body")
    title = run(["git", "log", "-1", "--format=%s", branch], repo).stdout.strip()
    push, create = commands(args, title, repo)
    print(f"$ {shlex.join(push)}")
    run(push, repo)
    print(f"pushed {branch} to {args.remote}")
    if shutil.which("gh") is None:
        print("gh is not installed; open the pull request with:")
        print(f"  {shlex.join(create)}")
        print_compare_url(repo, args, branch)
        return 0
    print(f"$ {shlex.join(create)}")
    out = run(create, repo, check=False)
    if out.returncode == 0:
        print(out.stdout.strip())
        return 0
    print(f"gh failed ({out.returncode}): {(out.stderr or out.stdout).strip()}")
    print("The branch is pushed. Once gh works (gh auth login), run:")
    print(f"  {shlex.join(create)}")
    print_compare_url(repo, args, branch)
    return 3


def print_compare_url(repo: Path, args: argparse.Namespace, branch: str) -> None:
    url = run(["git", "remote", "get-url", args.remote], repo, check=False).stdout.strip()
    match = re.search(r"github\.com[:/]([^/]+/[^/]+?)(?:\.git)?$", url)
    if match:
        print(f"or open: https://github.com/{match.group(1)}/compare/{args.base}...{branch}")


def pr_body(title: str, harvest: dict[str, Any] | None) -> str:
    """Goal, new errors vs known ones, final parameters, environment: from the harvest."""
    out = [f"# {title}", ""]
    if not harvest:
        return "\n".join([*out, "(no harvest given)", ""])
    goal = harvest.get("session", {}).get("goal", "")
    if goal:
        out += ["## Goal", "", "> " + goal.strip().replace("\n", "\n> "), ""]
    failures = harvest.get("failures", [])
    new = [f for f in failures if f.get("status") != "known"]
    known = [f for f in failures if f.get("status") == "known"]
    out += ["## New errors (not in the registry yet)", ""]
    out += [_failure_line(f) for f in new] or ["- none"]
    out += ["", "## Errors the registry already knows", ""]
    out += [
        _failure_line(f) + f" (known: {f['known']['skill']} \u203a {f['known']['entry']})"
        for f in known
    ] or ["- none"]
    runs = harvest.get("parameters", [])
    if runs:
        out += ["", "## Final parameters", "", "```bash"] + [r["command"] for r in runs] + ["```"]
    env = harvest.get("environment", {})
    rows = [f"- {r['kind']}: `{_first_line(r['output'])}`" for r in env.get("reports", [])]
    rows += [f"- model: `{m}`" for m in env.get("models", [])]
    if rows:
        out += ["", "## Verified on", "", *rows]
    return "\n".join(out) + "\n"


def _failure_line(failure: dict[str, Any]) -> str:
    if failure.get("output_cut_by_claude_code"):
        command = failure["commands"][0]["command"]
        return f"- `{command}`: its error line is not in the transcript (output cut by Claude Code)"
    error = (
        failure["error"][-1] if failure.get("error") else f"exit code {failure.get('exit_code')}"
    )
    fix = failure.get("fix")
    tail = f", fixed by `{fix['command']}`" if fix else ", not fixed in the session"
    return f"- `{error}` ({failure.get('count', 1)}x){tail}"


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    for step in ("prepare", "publish"):
        p = sub.add_parser(step)
        p.add_argument("--repo", default=".", help="the registry checkout")
        p.add_argument("--plugin", required=True, help="plugins/CATEGORY/NAME")
        p.add_argument("--remote", default="origin")
        p.add_argument("--base", default="main")
        if step == "prepare":
            p.add_argument("--harvest", help="output of `site-gen harvest` (JSON)")
            p.add_argument("--site-gen", help="path to site-gen")
        else:
            p.add_argument("--yes", action="store_true", help="the user said yes: push")
    args = parser.parse_args(argv)
    try:
        return prepare(args) if args.step == "prepare" else publish(args)
    except Stop as stop:
        print(f"skill_pr: {stop}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"skill_pr: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    os.environ.setdefault("GIT_TERMINAL_PROMPT", "0")
    sys.exit(main())
