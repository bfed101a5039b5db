"""api.github.com on 127.0.0.1 for one repository, for the workflows' scripts.

The scripts read the runner's GITHUB_API_URL, so pointing it here runs them unchanged. It
answers the few calls they make from recorded answers (tests/data/github/), keeps a pull
request's comments in memory so that "post, then update the same one" can be watched, and
refuses any request without the job's token.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

RECORDED = Path(__file__).parent / "data" / "github"
REPOSITORY = "acme-ml/skills-registry"
TOKEN = "ghs_loopbacktoken0000000000000000000000"
BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}


def recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text())


@dataclass
class LoopbackGitHub:
    pages: dict[str, Any] | None = None
    """GET /pages answer; None answers 404 (Pages not enabled)."""
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    """Issue number -> its comments, oldest first."""
    requests: list[str] = field(default_factory=list)
    """`METHOD /path?query` of every request, in order."""
    url: str = ""

    def comment(self, issue: int, body: str, user: dict[str, Any] | None = None) -> None:
        """A comment already on the pull request (a person's, unless `user` says otherwise)."""
        number = 1000 + sum(len(c) for c in self.comments.values())
        self.comments.setdefault(issue, []).append(
            {"id": number, "body": body, "user": user or {"login": "hojin-yang", "type": "User"}}
        )


def _handler(state: LoopbackGitHub) -> type[BaseHTTPRequestHandler]:
    prefix = f"/repos/{REPOSITORY}"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self, method: str) -> None:
            state.requests.append(f"{method} {self.path}")
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self._answer(401, {"message": "Bad credentials"})
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            if not path.startswith(prefix):
                return self._answer(404, {"message": "Not Found"})
            path = path[len(prefix) :]
            if method == "GET" and path == "/pages":
                if state.pages is None:
                    return self._answer(404, {"message": "Not Found"})
                return self._answer(200, state.pages)
            if method == "GET" and (m := re.fullmatch(r"/pulls/(\d+)", path)):
                pull = state.pulls.get(int(m[1]))
                return (
                    self._answer(200, pull) if pull else self._answer(404, {"message": "Not Found"})
                )
            if m := re.fullmatch(r"/issues/(\d+)/comments", path):
                comments = state.comments.setdefault(int(m[1]), [])
                if method == "GET":
                    size = int(query.get("per_page", ["30"])[0])
                    page = int(query.get("page", ["1"])[0])
                    return self._answer(200, comments[(page - 1) * size : page * size])
                if method == "POST":
                    state.comment(int(m[1]), body["body"], BOT)
                    return self._answer(201, state.comments[int(m[1])][-1])
            if method == "PATCH" and (m := re.fullmatch(r"/issues/comments/(\d+)", path)):
                for comments in state.comments.values():
                    for comment in comments:
                        if comment["id"] == int(m[1]):
                            if comment["user"]["login"] != BOT["login"]:
                                return self._answer(403, {"message": "Resource not accessible"})
                            comment["body"] = body["body"]
                            return self._answer(200, comment)
            return self._answer(404, {"message": "Not Found"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PATCH(self) -> None:
            self._route("PATCH")

    return Handler


@contextmanager
def serve(state: LoopbackGitHub) -> Iterator[LoopbackGitHub]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def runner_env(state: LoopbackGitHub, event: Path) -> dict[str, str]:
    """What a runner gives a step: the event file, the repository, the API, the token."""
    return {
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": state.url,
        "GH_TOKEN": TOKEN,
    }
