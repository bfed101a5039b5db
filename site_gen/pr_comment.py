"""Post or update the one PR comment from a Validate run's summary artifact.

`pr-comment.yml` runs `python -m site_gen.pr_comment DIR` on the default branch's code, never
the pull request's, after `actions/download-artifact` put the artifact in DIR. The artifact is
untrusted (`pr_report` says how it is read); so is the pull request number in it, which is
used only after the API confirms that this pull request's head is the commit the Validate run
tested (`workflow_run.head_sha`, from the trusted event). Stdlib only.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

from .config import load_config
from .github_api import ApiError, GitHub
from .pr_report import (
    MARKER,
    MAX_SUMMARY_BYTES,
    SUMMARY_FILE,
    SummaryError,
    parse_summary,
    render_comment,
)

BOT_LOGIN = "github-actions[bot]"
"""Who posts with the job's token: only its comments are ours to update."""
MAX_PAGES = 30
"""Comments are listed 100 to a page: a pull request with 3,000 is not looked through."""
_SHA = re.compile(r"[0-9a-f]{40}")


class CommentError(Exception):
    """Nothing was posted; the message says why."""


def read_run(event_path: Path) -> str:
    """The head commit of the Validate run this workflow_run event reports, when it tested a
    pull request."""
    event = json.loads(event_path.read_text("utf-8"))
    run = event.get("workflow_run") if isinstance(event, dict) else None
    if not isinstance(run, dict) or run.get("event") != "pull_request":
        raise CommentError("the event is not a workflow_run of a pull_request run")
    sha = run.get("head_sha")
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise CommentError("the event's workflow_run.head_sha is not a commit")
    return sha


def read_artifact(folder: Path) -> bytes:
    """summary.json's bytes: a regular file (no symlink) of bounded size."""
    path = folder / SUMMARY_FILE
    try:
        info = path.lstat()
    except OSError:
        raise CommentError(f"the artifact has no {SUMMARY_FILE}") from None
    if not stat.S_ISREG(info.st_mode):
        raise CommentError(f"the artifact's {SUMMARY_FILE} is not a regular file")
    if info.st_size > MAX_SUMMARY_BYTES:
        raise CommentError(f"the artifact's {SUMMARY_FILE} is {info.st_size} bytes")
    return path.read_bytes()


def find_comment(github: GitHub, number: int) -> int | None:
    """The id of our earlier comment on the pull request (its first line is the marker)."""
    for page in range(1, MAX_PAGES + 1):
        comments = github.call("GET", f"/issues/{number}/comments?per_page=100&page={page}")
        if not isinstance(comments, list):
            raise ApiError(f"the comments of #{number} are not a list")
        for comment in comments:
            if _ours(comment):
                return int(comment["id"])
        if len(comments) < 100:
            return None
    return None


def _ours(comment: Any) -> bool:
    if not isinstance(comment, dict) or not isinstance(comment.get("user"), dict):
        return False
    body = comment.get("body")
    return (
        comment["user"].get("login") == BOT_LOGIN
        and isinstance(body, str)
        and body.startswith(MARKER)
        and isinstance(comment.get("id"), int)
    )


def post_summary(root: Path, folder: Path, event_path: Path, github: GitHub) -> str:
    """Post or update the comment; what was done, in one line."""
    head_sha = read_run(event_path)
    try:
        summary = parse_summary(read_artifact(folder))
    except SummaryError as exc:
        raise CommentError(f"the artifact is not a summary: {exc}") from None
    number = summary.pull_request
    pull = github.call("GET", f"/pulls/{number}")
    head = pull.get("head") if isinstance(pull, dict) else None
    head = head.get("sha") if isinstance(head, dict) else None
    if head != head_sha:
        raise CommentError(
            f"the artifact names pull request #{number}, whose head is not the commit "
            f"the Validate run tested ({head_sha[:12]}): not commenting"
        )
    body = render_comment(summary, load_config(root).site)
    existing = find_comment(github, number)
    if existing is None:
        github.call("POST", f"/issues/{number}/comments", {"body": body})
        return f"posted the summary on #{number}"
    github.call("PATCH", f"/issues/comments/{existing}", {"body": body})
    return f"updated comment {existing} on #{number}"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m site_gen.pr_comment ARTIFACT_DIR", file=sys.stderr)
        return 2
    event = Path(os.environ.get("GITHUB_EVENT_PATH", ""))
    try:
        done = post_summary(Path("."), Path(args[0]), event, GitHub.from_env())
    except (CommentError, ApiError, OSError, ValueError) as exc:
        text = str(exc).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        print(f"::error title=PR comment::{text}")
        return 1
    print(done)
    return 0


if __name__ == "__main__":
    sys.exit(main())
