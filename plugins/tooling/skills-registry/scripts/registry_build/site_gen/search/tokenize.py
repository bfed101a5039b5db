# Copied from site_gen/search/tokenize.py by `site-gen marketplace`: edit that file.
"""The one tokenizer for error text: pasted logs and indexed entries go through it alike.

Its JavaScript twin is `overrides/assets/javascripts/error-search.js`; both are pinned by
`tests/vectors/tokenize.json`. Change one, change the other, then the vectors.

A pasted log becomes weighted lines: a launcher's per-line labels (`srun --label`'s `0: `,
`docker compose`'s `worker-1  | `), log prefixes, timestamps, paths, numbers, hex
addresses and ids are dropped; exception lines weigh most, traceback frames least.
Code-like tokens are split (snake_case, CamelCase, dotted) and kept whole too.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

VERSION = 2
"""Bump when tokens change: cached indexes built with another version are rebuilt."""

EXCEPTION = 3.0
"""Weight of a line that names an exception (`FooError: ...`, `CUDA error: ...`)."""
ERRORISH = 2.0
"""An error-level log line or one that reads like a failure."""
PLAIN = 1.0
FRAME = 0.5
"""Traceback frames and the source lines under them: mostly library noise."""
SKIP = 0.0
"""`Traceback (most recent call last):` and friends: no information."""


def _re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """ASCII classes only, as in JavaScript (`\\w`, `\\s`, `\\d`)."""
    return re.compile(pattern, flags | re.ASCII)


_STOPWORD_TEXT = """
    a about after all also am an and any are as at be been before being but by can could did
    do does doing for from had has have having he her here his how i if in into is it its
    just me more most my no nor not of off on once only or other our out over own same she
    should so some such than that the their them then there these they this those through to
    too under until up very was we were what when where which while who why will with would
    you your
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Why "not", "no", "out" are stop words: their meaning lives in the word beside them
# ("not found", "out of memory"), which is kept.

_ANSI = _re(r"\x1b\[[0-9;]*[A-Za-z]")
_NOT_PRINTABLE = _re(r"[^\t\n\r\x20-\x7e]")
_NEWLINE = _re(r"\r\n|\r|\n")
_EDGE_SPACE = _re(r"^[ \t]+|[ \t]+$")
_PREFIXES = [
    _re(p)
    for p in (
        # [rank3]:  [2024-01-02 10:00:00,123]  [INFO]  [file.py:12:fn]
        r"^\s*\[[^\]\n]{0,120}\]\s*:?\s*",
        r"^\s*\([^)\n]{0,80}pid=\d+[^)\n]{0,80}\)\s*",  # Ray: (RayWorkerWrapper pid=123, ip=...)
        r"^\s*[IWEF]\d{4}\s+\d\d:\d\d:\d\d(?:\.\d+)?\s+\d+\s+[\w./\-]+:\d+\]\s*",  # glog
        r"^\s*\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+\-]\d\d:?\d\d)?)?"
        r"\s*[|\-:]?\s*",
        r"^\s*\d\d:\d\d:\d\d(?:[.,]\d+)?\s*[|\-:]?\s*",
        r"^\s*(?:INFO|WARNING|WARN|ERROR|DEBUG|CRITICAL|FATAL|TRACE|NOTICE)\b"
        r"(?:\s+\d\d-\d\d\s+\d\d:\d\d:\d\d(?:\.\d+)?\s+[\w./\-]+:\d+\])?\s*[:|\-]?\s*",
        r"^\s*[\w./\-]+:\d+\]\s*",  # leftover `engine.py:123]`
        r"^\s*-\s+",
    )
]
_LEVEL_WORD = r"(?!(?:INFO|WARNING|WARN|ERROR|DEBUG|CRITICAL|FATAL|TRACE|NOTICE|SUCCESS)\b)"
_CHANNEL_LABELS = (
    _re(r"^\d{1,5}: "),  # `srun --label`: the task's number
    _re(rf"^{_LEVEL_WORD}[A-Za-z0-9][\w.\-]{{0,62}} *\| "),  # `docker compose`: `trainer-1  | `
)
"""Labels a launcher writes before each line of its processes' output (a log level before
`|` is loguru's column, not a label)."""
MIN_LABELLED = 3
"""Lines that must carry one kind of label for the output to be read as labelled (one is
enough beside the launcher's notice, `_TASK_FAILED`: a task that printed one line)."""
_TASK_FAILED = _re(
    r"^(?:srun: error: \S+: tasks? [\d,\-]+: Exited with exit code \d+"
    r"|srun: Terminating StepId=\S+"
    r"|slurmstepd: error: \*\*\* STEP \S+ ON \S+ CANCELLED AT \S+ \*\*\*"
    r"|[A-Za-z0-9][\w.\-]{0,62} exited with code \d+)\s*$"
)
"""The launcher's own notice that a task failed: it follows any failure and says nothing of
it (as torchrun's agent lines), so it is not read when the output is labelled."""
_ERROR_LEVEL = _re(r"^\s*(?:\[\s*)?(?:ERROR|CRITICAL|FATAL|E\d{4})\b")
_SKIP_LINE = _re(
    r"^\s*(?:Traceback \(most recent call last\):|The above exception was the direct cause"
    r"|During handling of the above exception|\^+\s*$|~+\s*$|-+\s*$|=+\s*$)"
)
_FRAME = _re(
    r"^\s*(?:File \"[^\"]*\", line \d+|at [\w$.<>]+ ?\(|#\d+\s+0x[0-9a-fA-F]+|frame #\d+:)"
)
_EXCEPTION = _re(
    r"^\s*(?:[A-Za-z_][\w]*\.)*_*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Fault)"
    r"(?:\s*:|\s*$)"
    r"|\bCUDA error\b|\bNCCL error\b|\bcuDNN error\b|\bSegmentation fault\b"
    r"|\bterminate called\b|\berror:\s|^\s*(?:FAILED|FATAL|panic:)"
)
_ERRORISH_TEXT = _re(
    r"error|exception|fail|fatal|timeout|timed out|out of memory|\boom\b|killed|abort"
    r"|segmentation|denied|refused|not found|cannot|can't|unable|invalid|unexpected"
    r"|\bnan\b|\binf\b|does not exist|no such|not supported|unsupported|mismatch",
    re.I,
)
_REMOVE = _re(
    r"[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s/\"'`]+"  # URL scheme and host; the path stays
    r"|\b0x[0-9a-fA-F]+\b"  # addresses
    r"|\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b"  # UUIDs
    r"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"  # IPv4[:port]
    r"|\b\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?)?\b"  # dates
    r"|\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b"  # times
)
_CHUNK_SPLIT = _re(r"[\s\"'`()\[\]{}<>,;=|!?*+^~@#$%&]+")
_PATH_SPLIT = _re(r"[/\\]+")
_PATH_LINE = _re(r"(?::\d+)+:?$")
_FILE_EXT = _re(
    r"\.(?:py|pyc|pyx|so|cpp|cc|cu|cuh|c|h|hpp|js|ts|json|jsonl|yaml|yml|toml|txt|log|sh"
    r"|md|cfg|ini|whl|egg|o|a|ipynb|safetensors|bin|pt|pth|ckpt)$",
    re.I,
)
_CODE_TOKEN = _re(r"[A-Za-z0-9_]+(?:(?:\.|-|::)[A-Za-z0-9_]+)*")
_SEGMENT_SPLIT = _re(r"\.|-|::")
_ALPHA = _re(r"^[a-z]+$")
_CAMEL = _re(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[A-Z]+")
_NUMBERISH = _re(
    r"^\d[\d._\-]*$|^\d+(?:\.\d+)?(?:b|kb|mb|gb|tb|kib|mib|gib|tib|ms|us|ns|s|m|h|k|x)$"
    r"|^(?=[0-9a-f]*\d)[0-9a-f]{8,}$"
)
_ID_WITH_NUMBER = _re(
    r"^(rank|pid|tid|gpu|node|worker|host|port|line|step|epoch|iter|device|cuda|proc|thread"
    r"|job|task|shard|layer|block|tp|dp|pp|ep)\d+$"
)


class Line(NamedTuple):
    """One normalized line of a paste and how much its tokens count."""

    weight: float
    tokens: tuple[str, ...]


def clean(text: str) -> str:
    """ANSI colours out, every other non-printable or non-ASCII character made a space."""
    return _NOT_PRINTABLE.sub(" ", _ANSI.sub("", text))


def strip_prefixes(line: str) -> str:
    """The (cleaned) line without log prefixes, timestamps and levels."""
    text = line
    for _ in range(6):  # prefixes stack: `[rank0]:[W1108 ...] ...`
        before = text
        for pattern in _PREFIXES:
            text = pattern.sub("", text, count=1)
        if text == before:
            break
    return _EDGE_SPACE.sub("", text)


def unlabelled(raw: list[str]) -> list[str]:
    """The (cleaned) lines without the label a launcher writes before each line its
    processes print, when at least `MIN_LABELLED` lines carry that kind of label: under it,
    a traceback's frames would read as plain text and its exception line would not start the
    line. The launcher's task-failed notices go then too (made blank lines)."""
    enough = 1 if any(_TASK_FAILED.match(line) for line in raw) else MIN_LABELLED
    for label in _CHANNEL_LABELS:
        if sum(1 for line in raw if label.match(line)) >= enough:
            raw = ["" if _TASK_FAILED.match(line) else label.sub("", line, count=1) for line in raw]
    return raw


def is_task_failed(line: str) -> bool:
    """Whether a (cleaned) line is a launcher's notice that a task failed (`_TASK_FAILED`)."""
    return bool(_TASK_FAILED.match(line))


def line_weight(raw: str, stripped: str) -> float:
    """How much a line's tokens count: exception lines most, frames least."""
    if not stripped or _SKIP_LINE.search(stripped):
        return SKIP
    if _FRAME.search(stripped):
        return FRAME
    if _EXCEPTION.search(stripped):
        return EXCEPTION
    if _ERROR_LEVEL.search(raw) or _ERRORISH_TEXT.search(stripped):
        return ERRORISH
    return PLAIN


def _stem(token: str) -> str:
    """Plural `s` off plain words, so "params" meets "param"; code tokens stay as written."""
    if (
        len(token) > 3
        and _ALPHA.match(token)
        and token.endswith("s")
        and not token.endswith(("ss", "us", "is"))
    ):
        return token[:-1]
    return token


def _keep(token: str) -> str:
    """The token as indexed, or "" when it is noise (a number, an id, a stop word)."""
    token = token.strip("_").lower()
    match = _ID_WITH_NUMBER.match(token)
    if match:
        token = match.group(1)
    if len(token) < 2 or len(token) > 64 or token in STOPWORDS or _NUMBERISH.match(token):
        return ""
    return _stem(token)


def _code_tokens(word: str) -> list[str]:
    """`torch.cuda.OutOfMemoryError` -> the whole token, each dotted segment, each word."""
    out = [word.replace("-", "_").replace("::", ".")]
    segments = [s for s in _SEGMENT_SPLIT.split(word) if s]
    if len(segments) > 1:
        out.extend(segments)
    for segment in segments:
        parts = [p for piece in segment.split("_") for p in _CAMEL.findall(piece)]
        if len(parts) > 1 or (parts and parts[0] != segment):
            out.extend(parts)
    return out


def _chunk(chunk: str) -> str:
    """A path becomes its last name without extension; `file.py:12` becomes `file`."""
    if "/" in chunk or "\\" in chunk:
        names = [n for n in _PATH_SPLIT.split(chunk) if n]
        chunk = names[-1] if names else ""
    chunk = _PATH_LINE.sub("", chunk)
    return _FILE_EXT.sub("", chunk)


@functools.lru_cache(maxsize=1 << 17)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    """Tokens of one whitespace-free chunk; memoized because registries repeat their words."""
    return tuple(
        kept
        for word in _CODE_TOKEN.findall(_chunk(chunk))
        for kept in map(_keep, _code_tokens(word))
        if kept
    )


def tokens(text: str) -> list[str]:
    """Index tokens of one line or a whole text, in order, duplicates kept."""
    out: list[str] = []
    for chunk in _CHUNK_SPLIT.split(_REMOVE.sub(" ", clean(text))):
        if chunk:
            out.extend(_chunk_tokens(chunk))
    return out


def lines(text: str) -> list[Line]:
    """A paste as weighted lines; a source line under a traceback frame counts as a frame."""
    out: list[Line] = []
    after_frame = False
    for raw in unlabelled(_NEWLINE.split(clean(text))):
        stripped = strip_prefixes(raw)
        weight = line_weight(raw, stripped)
        if after_frame and weight in (PLAIN, ERRORISH) and raw[:1] in (" ", "\t"):
            weight = FRAME  # the code snippet a traceback prints under `File "...", line N`
        after_frame = weight == FRAME and bool(_FRAME.search(stripped))
        found = tokens(stripped) if weight else []
        if found:
            out.append(Line(weight, tuple(found)))
    return out


def query_terms(text: str) -> tuple[dict[str, float], set[str]]:
    """Each distinct token with the weight of its strongest line, and the exception tokens.

    Repetition does not add up: a `[rank3]:` log repeats the same line on every rank.
    The focus tokens (those of the strongest lines: exception lines when there are any)
    are what the confidence rule checks; in a paraphrase every token counts.
    """
    weights: dict[str, float] = {}
    for line in lines(text):
        for token in line.tokens:
            weights[token] = max(weights.get(token, 0.0), line.weight)
    top = max(weights.values(), default=0.0)
    focus = {t for t, w in weights.items() if w >= top}
    return weights, focus
