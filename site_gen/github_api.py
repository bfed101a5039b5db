"""The few GitHub REST calls the workflows' scripts make, with the job's token.

urllib rather than `gh api` or a client library: the deploy gate and the PR comment run on a
bare runner Python before anything is installed, and their tests point `GITHUB_API_URL` (set
by every runner; api.github.com or a GitHub Enterprise Server) at a loopback server.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

API_VERSION = "2022-11-28"
MAX_RESPONSE = 8 * 1024 * 1024
"""A page of comments is well under this; anything bigger is not an answer we asked for."""
TIMEOUT = 30


class ApiError(Exception):
    """A call failed; the message names the call and GitHub's answer, never the token."""


@dataclass(frozen=True)
class GitHub:
    """The REST API of one repository, as the job's token sees it."""

    repository: str
    """`owner/name`, from GITHUB_REPOSITORY."""
    token: str
    api_url: str = "https://api.github.com"

    @classmethod
    def from_env(cls) -> GitHub:
        """The runner's variables: GITHUB_REPOSITORY, GITHUB_API_URL, and the token the step
        passes as GH_TOKEN (or GITHUB_TOKEN)."""
        repository = os.environ.get("GITHUB_REPOSITORY", "")
        if repository.count("/") != 1:
            raise ApiError(f"GITHUB_REPOSITORY is {repository!r}, not owner/name")
        token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN") or ""
        if not token:
            raise ApiError("no token: pass ${{ github.token }} to the step as GH_TOKEN")
        api = os.environ.get("GITHUB_API_URL") or "https://api.github.com"
        return cls(repository, token, api.rstrip("/"))

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """`method` on `/repos/<repository><path>`; the decoded JSON answer."""
        url = f"{self.api_url}/repos/{self.repository}{path}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("X-GitHub-Api-Version", API_VERSION)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        where = f"{method} /repos/{self.repository}{path}"
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                raw = response.read(MAX_RESPONSE + 1)
        except urllib.error.HTTPError as exc:
            raise ApiError(f"{where}: {exc.code} {_message(exc)}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ApiError(f"{where}: {getattr(exc, 'reason', exc)}") from None
        if len(raw) > MAX_RESPONSE:
            raise ApiError(f"{where}: answer larger than {MAX_RESPONSE} bytes")
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise ApiError(f"{where}: the answer is not JSON") from None


def _message(exc: urllib.error.HTTPError) -> str:
    """GitHub's `message` from an error answer, else the HTTP reason."""
    try:
        return str(json.loads(exc.read(64 * 1024))["message"])
    except (ValueError, KeyError, TypeError, OSError):
        return str(exc.reason)
