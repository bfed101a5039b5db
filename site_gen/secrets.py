"""Find credentials a `/retrospective` may have copied from a live session.

Patterns follow the providers' documented token formats; a match is reported masked, so
the check's own output (a public CI log) never repeats the secret.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SecretFinding:
    kind: str
    line: int
    masked: str


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("Hugging Face token", re.compile(r"\bhf_[A-Za-z0-9]{30,}\b")),
    ("Anthropic API key", re.compile(r"\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{20,}")),
    (
        "OpenAI API key",
        re.compile(
            r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}"
        ),
    ),
    ("OpenAI API key", re.compile(r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}")),
    ("OpenAI API key", re.compile(r"\bsk-(?!ant-)[A-Za-z0-9]{48}\b")),
    ("AWS access key id", re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b")),
    (
        "AWS secret access key",
        re.compile(
            r"(?i)aws_?secret_?(?:access_?)?key\s*[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
        ),
    ),
    ("GitHub token", re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b")),
    ("GitHub token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{60,}\b")),
    (
        "Weights & Biases API key",
        re.compile(
            r"(?i)(?:wandb[_\-]?api[_\-]?key|wandb\s+login)\s*[\"']?\s*[:=\s]\s*[\"']?([0-9a-f]{40})\b"
        ),
    ),
    ("Weights & Biases API key", re.compile(r"\bwandb_v1_[A-Za-z0-9_]{40,}\b")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9\-]{10,}")),
    ("Slack webhook", re.compile(r"https://hooks\.slack\.com/services/T[A-Za-z0-9_/]{20,}")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    (
        "private key",
        re.compile(
            r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----"
        ),
    ),
    (
        "password in URL",
        re.compile(
            r"\b[a-z][a-z0-9+.\-]{1,20}://[^\s:/@<>\"'`]{1,64}:([^\s@/<>\"'`]{3,128})@[\w.\-]+"
        ),
    ),
]

_PLACEHOLDER = re.compile(
    r"^(?:\$\{?\w+\}?|<[^>]*>|\{\{?[^}]*\}?\}|\*+|x+|\.+|changeme|password|passwd|pass|pwd|pw|secret|"
    r"token|your[_\-]?\w*|example\w*|redacted|dummy|test|xxx+|\[redacted\])$",
    re.I,
)


_LOCATORS = {
    p: re.compile(p.pattern.removeprefix(r"\b"), p.flags)
    for _, p in _PATTERNS
    if p.pattern.startswith(r"\b") and not p.pattern.startswith(r"\b[")
}
"""Patterns without their leading `\b`: Python's regex engine only jumps straight to a literal
prefix when the pattern starts with one, which makes the scan of a large registry 25x faster."""
_NEEDS = {
    "AWS secret access key": "aws",
    "Weights & Biases API key": "wandb",
    "password in URL": "://",
}
"""A substring of the lowercased text that every match of these kinds contains."""


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, found through its locator (same matches, same order)."""
    if pattern not in _LOCATORS:
        yield from pattern.finditer(text)
        return
    locator, pos = _LOCATORS[pattern], 0
    while (candidate := locator.search(text, pos)) is not None:
        match = pattern.match(text, candidate.start())  # `\b` still sees the previous character
        if match is None:
            pos = candidate.start() + 1
            continue
        yield match
        pos = max(match.end(), match.start() + 1)


@functools.lru_cache(maxsize=1 << 14)
def find_secrets(text: str) -> tuple[SecretFinding, ...]:
    """Every credential-looking string in `text`, masked, with its line."""
    findings: list[SecretFinding] = []
    seen: set[tuple[int, int]] = set()
    lowered = text.lower()
    for kind, pattern in _PATTERNS:
        if kind in _NEEDS and _NEEDS[kind] not in lowered:
            continue
        for match in _finditer(pattern, text):
            value = match.group(match.lastindex or 0) if match.lastindex else match.group(0)
            if kind == "password in URL" and _PLACEHOLDER.match(value):
                continue
            span = (match.start(), match.end())
            if any(s <= span[0] < e for s, e in seen):
                continue
            seen.add(span)
            line = text.count("\n", 0, match.start()) + 1
            findings.append(SecretFinding(kind, line, mask(value)))
    return tuple(sorted(findings, key=lambda f: (f.line, f.kind)))


def mask(value: str) -> str:
    """Enough to find it in the file, not enough to use it."""
    if value.startswith("-----BEGIN"):
        return value
    keep = 4 if len(value) > 12 else 1
    return f"{value[:keep]}…({len(value)} chars)"
