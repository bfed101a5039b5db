# Copied from site_gen/secret_files.py by `site-gen marketplace`: edit that file.
"""The secret scan of a plugin's files: every file, whatever its name, suffix or size.

Limits, chosen so that no file is skipped and memory stays bounded:
- a file is read in blocks of `BLOCK_BYTES` (1 MiB) cut at line ends, so a 1 GB log costs
  about 2 MiB of memory and a token is never split between two blocks; a line longer than a
  block is cut at a character no token contains (space, quote, comma), within its last 4 KiB;
- a private key whose BEGIN line falls near the end of a block is carried whole into the next
  one (up to `PEM_MAX_BODY` characters, longer than any real key);
- a file with a NUL byte in its first 8,000 bytes is binary (git's own test): its printable
  ASCII runs of 16 or more characters are scanned (a token in a `.pyc` or a SQLite file is still
  found, reported on line 0), the rest of it is not;
- bytes that are not UTF-8 are read as U+FFFD: tokens are ASCII, so nothing is missed;
- a file that cannot be read at all is an error (E901), never a silent pass.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from . import problems as P
from .secrets import PEM_MAX_BODY, Finding, find_secrets

BLOCK_BYTES = 1 << 20
BINARY_PROBE = 8000
"""Bytes that git reads to decide a file is binary (a NUL among them)."""
_LONG_LINE_CUT = 4096
_PRINTABLE_RUN = re.compile(rb"[\t\x20-\x7e]{16,}")
_PEM_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY")
_NOT_IN_TOKENS = re.compile(r"[\s\"'`,;()\[\]{}<>|]")

LEAK_HINT = (
    "remove it and read it from an environment variable ($HF_TOKEN); if it was ever pushed, "
    "revoke it: git history keeps it. A documented example: write a placeholder (hf_xxxx) "
    "or end the line with '# pragma: allowlist secret'"
)
LOCAL_HINT = (
    "fine for a throwaway local default; otherwise read it from an environment variable. "
    "'# pragma: allowlist secret' on the line silences this"
)

_WARNING_WHY = {"password in URL": "for a local service", "JSON Web Token": "of unknown scope"}


@dataclasses.dataclass(frozen=True)
class FileScan:
    findings: tuple[Finding, ...]
    binary: bool
    """Only printable runs were scanned; findings are on line 0."""


def scan_file(path: Path, data: bytes | None = None) -> FileScan:
    """Every secret in the file at `path` (or in its `data`, when the caller already read
    it), read in bounded blocks (OSError if unreadable)."""
    with io.BytesIO(data) if data is not None else path.open("rb") as stream:
        head = stream.read(BLOCK_BYTES)
        if b"\0" in head[:BINARY_PROBE]:
            return FileScan(tuple(_scan_binary(head, stream)), True)
        return FileScan(tuple(_scan_text(head, stream)), False)


def secret_problems(path: Path, rel: str, data: bytes | None = None) -> list[P.Problem]:
    """E900 for each leak in the file, W900 for local-only credentials, E901 if unreadable."""
    try:
        scan = scan_file(path, data)
    except OSError as exc:
        return [
            P.error(
                rel,
                0,
                "E901",
                f"file could not be read for the secret scan ({exc.strerror or exc})",
                "make it readable (chmod a+r) or remove it: an unscanned file is not published",
            )
        ]
    where = " in a binary file" if scan.binary else ""
    found = []
    for finding in scan.findings:
        if finding.blocking:
            message = f"possible {finding.kind}{where}: {finding.masked}"
            found.append(P.error(rel, finding.line, "E900", message, LEAK_HINT))
        else:
            why = _WARNING_WHY.get(finding.kind, "of limited scope")
            message = f"{finding.kind} {why}: {finding.masked}"
            found.append(P.warning(rel, finding.line, "W900", message, LOCAL_HINT))
    return found


def _scan_text(head: bytes, stream: BinaryIO) -> Iterator[Finding]:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending, lines_before, chunk = "", 0, head
    while True:
        last = len(chunk) < BLOCK_BYTES
        pending += decoder.decode(chunk, final=last)
        cut = len(pending) if last else _cut(pending)
        block, pending = pending[:cut], pending[cut:]
        for finding in find_secrets(block):
            yield dataclasses.replace(finding, line=finding.line + lines_before)
        lines_before += block.count("\n")
        if last:
            return
        chunk = stream.read(BLOCK_BYTES)


def _cut(text: str) -> int:
    """Where to end this block: after its last whole line, before a key that may go on."""
    newline = text.rfind("\n")
    if newline < 0:  # one very long line: cut where no token can be
        tail = len(text) - _LONG_LINE_CUT
        spaces = [m.end() for m in _NOT_IN_TOKENS.finditer(text, max(tail, 0))]
        return spaces[-1] if spaces else len(text)
    cut = newline + 1
    tail_start = max(cut - PEM_MAX_BODY, 0)
    for begin in _PEM_BEGIN.finditer(text, tail_start, cut):
        if "-----END" not in text[begin.end() : cut]:
            line_start = text.rfind("\n", 0, begin.start()) + 1
            return line_start or cut  # a block that is all key body: give up carrying
    return cut


def _scan_binary(head: bytes, stream: BinaryIO) -> Iterator[Finding]:
    carry, chunk = b"", head
    while chunk:
        data = carry + chunk
        runs = [run.group(0) for run in _PRINTABLE_RUN.finditer(data)]
        carry = b""
        if runs and data.endswith(runs[-1]) and len(runs[-1]) < _LONG_LINE_CUT:
            carry = runs.pop()  # may go on in the next chunk
        yield from _scan_runs(runs)
        chunk = stream.read(BLOCK_BYTES)
    yield from _scan_runs([carry])


def _scan_runs(runs: list[bytes]) -> Iterator[Finding]:
    """One scan for all of a chunk's runs, one per line: binary findings have no line."""
    for finding in find_secrets(b"\n".join(runs).decode("ascii")):
        yield dataclasses.replace(finding, line=0)
