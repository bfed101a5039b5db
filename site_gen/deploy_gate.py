"""The deploy gate: a private repository's skills reach GitHub Pages only behind access control.

`deploy.yml` runs `python -m site_gen.deploy_gate` before `actions/deploy-pages`. It reads the
repository's own visibility from the event (`repository.private`, true for internal ones too),
`visibility` from `[tool.site-gen]`, and, when the site is meant to be private, the Pages
API's `public` field with the job's token. A Pages site is public on the internet unless the
organisation has GitHub Enterprise Cloud and the site is set to private, so:

| repository | visibility         | Pages site | deploy                                    |
|------------|--------------------|------------|-------------------------------------------|
| public     | "public" or unset  | (not read) | yes (unset: a W802 warning)               |
| any        | "private"          | private    | yes                                       |
| any        | "private"          | public     | no: E811                                  |
| private    | "public" or unset  | (not read) | no: E810                                  |
| any        | anything else      | (not read) | no: E801                                  |

Stdlib only: it runs before anything is installed.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import problems as P
from .github_api import ApiError, GitHub
from .visibility import CHOOSE, PYPROJECT, read_visibility, visibility_error

README = 'README, "Deploy your own registry"'
OFF_PAGES = (
    "keep the site off Pages: disable this workflow (Actions > Deploy site > Disable workflow) "
    "and serve the site inside your network (`make site`, then any static server on site/)"
)


@dataclass(frozen=True)
class Verdict:
    """What the gate decided, and the problems it prints as annotations."""

    allowed: bool
    reason: str
    problems: tuple[P.Problem, ...] = ()


def decide(
    repo_private: bool, visibility: object, pages_public: bool | None, line: int = 0
) -> Verdict:
    """The table in the module docstring. `pages_public` is None when it was not read."""
    if visibility is not None and (why := visibility_error(visibility)):
        return Verdict(
            False, "visibility is invalid", (P.error(PYPROJECT, line, "E801", why, CHOOSE),)
        )
    if visibility == "private":
        if pages_public is False:
            return Verdict(True, 'visibility = "private" and the Pages site is private')
        return Verdict(False, "the Pages site is public", (_pages_public(repo_private, line),))
    if repo_private:
        return Verdict(False, "the repository is private", (_private_repo(visibility, line),))
    if visibility is None:
        warn = P.warning(
            PYPROJECT, line, "W802", "[tool.site-gen] does not say who may read the site", CHOOSE
        )
        return Verdict(True, "the repository is public (visibility is not set)", (warn,))
    return Verdict(True, 'the repository is public and visibility = "public"')


def _private_repo(visibility: object, line: int) -> P.Problem:
    said = "is not set" if visibility is None else 'is "public"'
    return P.error(
        PYPROJECT,
        line,
        "E810",
        f"deploy refused: this repository is private but [tool.site-gen] visibility {said}, "
        "and a GitHub Pages site is public on the internet unless it is set to private: "
        "every skill, with its model names, hosts and results, would be readable by anyone, "
        "and search engines and agents (llms.txt, /.well-known/skills/) would pick it up. "
        "Nothing was deployed",
        'with GitHub Enterprise Cloud: write visibility = "private" in [tool.site-gen] of '
        "pyproject.toml AND set Settings > Pages > Visibility to Private, then re-run this "
        f"workflow. Without it, {OFF_PAGES}. If the skills may be public, make the repository "
        f"public instead. See {README}",
    )


def _pages_public(repo_private: bool, line: int) -> P.Problem:
    if repo_private:
        hint = (
            "set Settings > Pages > Visibility to Private (needs GitHub Enterprise Cloud), then "
            f"re-run this workflow. Without Enterprise Cloud, {OFF_PAGES}. See {README}"
        )
    else:
        hint = (
            "a public repository's Pages site is always public, and its skills are readable in "
            'the repository anyway: write visibility = "public" in [tool.site-gen], or make the '
            f"repository private with a private Pages site. See {README}"
        )
    return P.error(
        PYPROJECT,
        line,
        "E811",
        '[tool.site-gen] says visibility = "private" but this repository\'s GitHub Pages site '
        "is public: anyone on the internet could read every skill. Nothing was deployed",
        hint,
    )


def read_event_private(path: Path) -> bool:
    """`repository.private` of the event that started the run (GITHUB_EVENT_PATH)."""
    event = json.loads(path.read_text("utf-8"))
    private = event.get("repository", {}).get("private") if isinstance(event, dict) else None
    if not isinstance(private, bool):
        raise ValueError(f"{path}: the event has no boolean repository.private")
    return private


def read_pages_public(github: GitHub) -> bool:
    """The Pages API's `public`: may anyone on the internet read the site?"""
    site = github.call("GET", "/pages")
    public = site.get("public") if isinstance(site, dict) else None
    if not isinstance(public, bool):
        raise ApiError(f"GET /repos/{github.repository}/pages: the answer has no boolean `public`")
    return public


def run_gate(root: Path, event_path: Path, github: GitHub | None) -> Verdict:
    """Read the three inputs (the Pages API only when visibility is "private") and decide."""
    visibility, line = read_visibility(root)
    private = read_event_private(event_path)
    pages_public = None
    if visibility == "private":
        try:
            pages_public = read_pages_public(github or GitHub.from_env())
        except ApiError as exc:
            return Verdict(False, "the Pages settings could not be read", (_unreadable(exc, line),))
    return decide(private, visibility, pages_public, line)


def _unreadable(exc: ApiError, line: int) -> P.Problem:
    return P.error(
        PYPROJECT,
        line,
        "E812",
        f"deploy refused: the Pages settings could not be read ({exc}), so nothing tells the "
        "gate that the site would be private. Nothing was deployed",
        "enable Pages (Settings > Pages > Source: GitHub Actions) and give the gate job "
        f"`pages: read` in deploy.yml; see {README}",
    )


def main(argv: list[str] | None = None) -> int:
    """Print the verdict (annotations for the problems); exit 1 when the deploy is refused."""
    args = argv if argv is not None else sys.argv[1:]
    root = Path(args[0]) if args else Path(".")
    event = os.environ.get("GITHUB_EVENT_PATH", "")
    try:
        verdict = run_gate(root, Path(event), None)
    except (OSError, ValueError) as exc:  # no event file, a broken pyproject.toml
        verdict = Verdict(
            False,
            "the gate's inputs could not be read",
            (
                P.error(
                    PYPROJECT,
                    0,
                    "E813",
                    f"deploy refused: {exc}",
                    "run this in a workflow job, from the repository root",
                ),
            ),
        )
    if verdict.problems:  # annotations on pyproject.toml; the text below repeats them in the log
        print(P.format_github(list(verdict.problems)).rsplit("\n", 2)[0])
    text = P.format_text(list(verdict.problems)) if verdict.problems else ""
    summary = f"deploy {'allowed' if verdict.allowed else 'refused'}: {verdict.reason}\n"
    print(text + summary, end="", file=sys.stderr if not verdict.allowed else sys.stdout)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as out:
            out.write(f"## Deploy gate\n\n```\n{text}{summary}```\n")
    return 0 if verdict.allowed else 1


if __name__ == "__main__":
    sys.exit(main())
