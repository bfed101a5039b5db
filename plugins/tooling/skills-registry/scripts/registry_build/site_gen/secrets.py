# Copied from site_gen/secrets.py by `site-gen marketplace`: edit that file.
"""Find credentials in text and mask them: the rules behind E900/W900, usable on any text.

Public API, for `site-gen check` (through `secret_files`) and for anything that prints text it
did not write (transcripts, logs):

- `find_secrets(text) -> list[Finding]`: every credential-looking value, with its line, masked;
  `Finding.blocking` is False for the ones that are at most a warning (a password for a local
  service, a JSON Web Token of unknown scope);
- `mask_secrets(text) -> str`: `text` with every found value replaced by its mask;
- `mask(value) -> str`: the mask of one value: its first 4 characters and its length.

What is found (rules in `secret_rules`): each provider's documented token format (Hugging Face,
GitHub, Anthropic incl. Claude Code OAuth, OpenAI, OpenRouter and other `sk-` keys, AWS, Slack,
Google, Stripe live keys, GitLab, npm, PyPI, Replicate, Groq, xAI, SendGrid, Weights & Biases,
Supabase service-role JWTs), private keys *with a key body* (a PEM BEGIN line, base64 lines of
64+ characters, an END line; or 256+ characters cut off), passwords in URLs.

What is not: a value that reads as a placeholder (`hf_xxxxxxxx`, `sk-ant-api03-your-key-here`,
`AKIA…EXAMPLE`, one-character runs, `abcde`/`12345`/`A1B2C3` runs, low Shannon entropy,
`${VAR}`, `<password>`, `[PASSWORD]`, `****`), a PEM header without a base64 body (a hook's
documentation, a regex, `echo "-----BEGIN…" > key.pem`), a URL password that is a default
(`postgres`), a person's word (`S3cretP4ssw0rd`), the user name again or a port
(`https://a.com:443@b.com`), or on a documentation host (example.com, `host`); another password
for a local host (localhost, 127.0.0.1, a compose service name without a dot) is a warning.
Public JWTs (Supabase `anon`, jwt.io's example) pass. A line carrying `pragma: allowlist secret`
in a comment (`#`, `//`, `/*`, `--`, `;`, `<!--`), as detect-secrets reads it, or
`gitleaks:allow`, is skipped; so is the line after `pragma: allowlist nextline secret`.

Compared with the two kept scanners (why our own rules rather than theirs):
- gitleaks (a Go program, not on PyPI): same provider prefixes, same entropy floor per rule;
  we add placeholder words and one-character/sequential runs (its entropy floor alone takes
  `sk-ant-api03-your-key-here-…` or `AIzaSyA1B2C3D4…` for leaks). Its private-key rule takes any
  64 characters between BEGIN and a later `KEY-----`, so a list of BEGIN lines is a leak to it;
  we want base64 lines. We leave out its ~200 rarer providers and its `generic-api-key` rule
  (`key = "…"` with entropy), the main source of false alarms in documentation, and Stripe test
  keys (`sk_test_`), which Stripe's own docs print.
- detect-secrets (PyPI; `benchmarks/secret_scan.py --detect-secrets` runs it): its private-key
  plugin flags the BEGIN line alone, its basic-auth plugin every `user:pass@` URL (localhost
  included), its keyword plugin `API_KEY=sk-ant-api03-...`, its entropy plugins long hex/base64
  strings (digests). It has no rule of its own for Hugging Face, Anthropic, OpenRouter,
  Replicate or W&B keys and finds them only next to a keyword. On our vectors it misses 8 of
  44 leaks (Claude Code OAuth tokens, `wandb login <key>`, ...) and flags 34 of 60 look-alikes.
  We keep its allowlist comment syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .secret_rules import PEM_BEGIN, PEM_MAX_BODY, candidates

__all__ = ["PEM_MAX_BODY", "Finding", "find_secrets", "mask", "mask_secrets"]


@dataclass(frozen=True)
class Finding:
    """One credential-looking value in a text."""

    kind: str
    """What it looks like: 'GitHub token', 'private key', 'password in URL', ..."""
    line: int
    """1-based line of its first character."""
    start: int
    """Offset of the value in the text (end exclusive below): what `mask_secrets` replaces."""
    end: int
    masked: str
    """`mask(value)`: safe to print."""
    blocking: bool = True
    """False for values that are at most a warning (local service password, JWT)."""


_COMMENT = r"(?:#|//|/\*|<!--|--|;|')[ \t]*"
_ALLOW = re.compile(_COMMENT + r"pragma: ?(?:allow|white)list[ \-]secret|gitleaks:allow")
_ALLOW_NEXT = re.compile(_COMMENT + r"pragma: ?allowlist[ \-]nextline[ \-]secret")


def find_secrets(text: str) -> list[Finding]:
    """Every credential-looking value in `text` (placeholders and allowlisted lines left out)."""
    lowered = text.lower()
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, start, end, blocking in candidates(text, lowered):
        if any(s < end and start < e for s, e in taken) or _allowlisted(text, start):
            continue
        taken.append((start, end))
        line = text.count("\n", 0, start) + 1
        found.append(Finding(kind, line, start, end, _mask_span(text, start, end), blocking))
    return sorted(found, key=lambda f: f.start)


def mask_secrets(text: str) -> str:
    """`text` with every value `find_secrets` reports (warnings too) replaced by its mask."""
    parts, pos = [], 0
    for finding in find_secrets(text):
        parts += [text[pos : finding.start], finding.masked]
        pos = finding.end
    return "".join(parts) + text[pos:]


def mask(value: str) -> str:
    """Enough to find the value in its file, never enough to use it."""
    keep = 4 if len(value) > 12 else 1
    return f"{value[:keep]}…({len(value)} chars)"


def _mask_span(text: str, start: int, end: int) -> str:
    header = PEM_BEGIN.match(text, start)
    if header:  # the header names the key type and is no secret; the body is
        return f"{header.group(0)} …({end - header.end()} chars)"
    return mask(text[start:end])


def _allowlisted(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if _ALLOW.search(line):
        return True
    if line_start == 0:
        return False
    previous = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    return bool(_ALLOW_NEXT.search(previous))
