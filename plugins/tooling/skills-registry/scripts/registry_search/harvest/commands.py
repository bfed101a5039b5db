# Copied from site_gen/harvest/commands.py by `site-gen marketplace`: edit that file.
"""What a shell command is: its program (the "step" it runs), its flags, what it reports.

Standard library only (Python 3.9+): the tooling plugin's client ships this file. Shell
parsing is `shlex`; the error lines of a log are chosen by the lookup's own tokenizer
(`search/tokenize.py`), so harvest and lookup agree on what an exception line is.
"""

from __future__ import annotations

import functools
import re
import shlex
import string

from .. import tokenize

MAX_ERROR_LINES = 12
"""Error lines kept per failure: the exception lines of a 2,000-line log, not the log."""

_ENV_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_WRAPPERS = frozenset(
    {"sudo", "env", "time", "nohup", "exec", "stdbuf", "nice", "timeout", "srun", "uv", "poetry"}
)
_WRAPPER_ARGS = frozenset({"run"})
_INTERPRETERS = re.compile(r"^(?:python[\d.]*|bash|sh|node|Rscript|julia|ruby|perl)$")
_LAUNCHERS = frozenset({"torchrun", "accelerate", "deepspeed", "mpirun", "composer"})
_SCRIPT = re.compile(r"\.(?:py|sh|ipynb|js|ts|rb|pl|r|jl)$", re.I)
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
_REDIRECT = re.compile(r"^[<>&]+$")
_TRAIN_OR_EVAL = re.compile(
    r"train|finetun|fine_tun|sft|grpo|dpo|ppo|pretrain|eval|bench|infer|serve|sweep|"
    r"torchrun|accelerate|deepspeed|lm_eval|vllm",
    re.I,
)
_MODEL_FLAG = re.compile(r"model|checkpoint|ckpt|tokenizer|base", re.I)
_DATASET_FLAG = re.compile(r"data|dataset|corpus|task", re.I)
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*/[\w.\-]+$")

ENVIRONMENT_PROBES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nvidia-smi", re.compile(r"\bnvidia-smi\b")),
    ("nvcc --version", re.compile(r"\bnvcc\s+(?:--version|-V)\b")),
    ("pip list", re.compile(r"\bpip3?\s+(?:list|freeze)\b|\buv\s+pip\s+(?:list|freeze)\b")),
    ("pip show", re.compile(r"\bpip3?\s+show\b")),
    ("python --version", re.compile(r"\bpython[\d.]*\s+(?:--version|-V)\b")),
    ("torch.__version__", re.compile(r"\btorch\.(?:__version__|version\.cuda|cuda\.)")),
    ("__version__", re.compile(r"\.__version__\b")),
    ("conda list", re.compile(r"\bconda\s+list\b")),
    ("uname", re.compile(r"\buname\b|\blscpu\b|\bfree\s+-")),
)
"""Commands whose output records the environment: the first pattern that matches names it."""


@functools.lru_cache(maxsize=1024)
def words(command: str) -> tuple[str, ...]:
    """The command split as the shell would (quotes honoured); plain split when unbalanced.

    Memoized: each command is asked for its step, flags and names, and shlex is slow."""
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|<>")
        lexer.whitespace_split = True
        return tuple(lexer)
    except ValueError:
        return tuple(command.split())


@functools.lru_cache(maxsize=1024)
def segments(command: str) -> tuple[tuple[str, ...], ...]:
    """The simple commands of a line (`cd x && python a.py | tee log` -> three)."""
    out: list[list[str]] = [[]]
    for word in words(command):
        if word in _SEPARATORS or set(word) <= set(";&|"):
            out.append([])
        else:
            out[-1].append(word)
    return tuple(tuple(s) for s in out if s)


def _program(segment: tuple[str, ...]) -> tuple[str, ...]:
    """The segment from its program on: env assignments and wrappers (`sudo`, `timeout 60`)
    dropped."""
    i = 0
    while i < len(segment):
        word = segment[i]
        after_timeout = i > 0 and segment[i - 1] == "timeout" and word[:1].isdigit()
        if _ENV_ASSIGN.match(word) or word in _WRAPPERS or word in _WRAPPER_ARGS or after_timeout:
            i += 1
        else:
            break
    return segment[i:]


def step(command: str) -> str:
    """The step a command runs: its script or module (`train.py`, `-m pkg.mod`), else its
    program and subcommand. Two runs of one step differ in flags, not in what they run."""
    return _step_segment(command)[0]


def _step_segment(command: str) -> tuple[str, tuple[str, ...]]:
    """The step and the words of the segment that runs it (`| tail -n 3` is not the step)."""
    for segment in segments(command):
        words_ = _program(segment)
        if not words_ or words_[0] in ("cd", "export", "source", ".", "echo", "set"):
            continue
        head = words_[0].rsplit("/", 1)[-1]
        if _INTERPRETERS.match(head) or head in _LAUNCHERS:
            for i, word in enumerate(words_[1:], 1):
                if word == "-m" and i + 1 < len(words_):
                    return f"{head} -m {words_[i + 1]}", words_
                if _SCRIPT.search(word):
                    return word.rsplit("/", 1)[-1], words_
            return (" ".join(words_[:2]) if len(words_) > 1 else head), words_
        if _SCRIPT.search(head):
            return head, words_
        sub = [w for w in words_[1:3] if not w.startswith("-")][:1]
        return " ".join([head, *sub]), words_
    return command.strip().split("\n", 1)[0][:80], ()


def flags(command: str) -> dict[str, str]:
    """`--name value`, `--name=value` and bare `--switch` of the step's own segment, in order
    (a `| tail -n 3` or `cd dir &&` around it adds none)."""
    found: dict[str, str] = {}
    items = _step_segment(command)[1]
    i = 0
    while i < len(items):
        word = items[i]
        if word.startswith("-") and len(word) > 1 and not _is_number(word):
            name, eq, value = word.partition("=")
            following = items[i + 1] if i + 1 < len(items) else "-"
            after = items[i + 2] if i + 2 < len(items) else ""
            redirect = _REDIRECT.match(following) or (
                following.isdigit() and _REDIRECT.match(after)
            )
            if not eq and not _is_flag(following) and not redirect:
                value = items[i + 1]
                i += 1
            found[name] = value
        i += 1
    return found


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


def _is_flag(word: str) -> bool:
    return word.startswith("-") and not _is_number(word)


def is_training_or_eval(command: str) -> bool:
    """Whether a command runs training, evaluation, serving or a benchmark, by its step alone
    (`site-gen new training/x` is not training)."""
    return bool(_TRAIN_OR_EVAL.search(step(command)))


def environment_probe(command: str) -> str | None:
    """The kind of environment report this command prints, if it is one."""
    for name, pattern in ENVIRONMENT_PROBES:
        if pattern.search(command):
            return name
    return None


def names(command: str) -> tuple[list[str], list[str]]:
    """Model and dataset names given to a command: flag values (`--model_name_or_path X`)
    and hub ids (`org/name`) that are not paths on this machine."""
    models: list[str] = []
    datasets: list[str] = []
    for name, value in flags(command).items():
        if not value or value.startswith(("/", "./", "~")):
            continue
        if _DATASET_FLAG.search(name) and not _MODEL_FLAG.search(name):
            datasets.append(value)
        elif _MODEL_FLAG.search(name) and (_HUB_ID.match(value) or "model" in name.lower()):
            models.append(value)
    return models, datasets


def error_lines(output: str, limit: int = MAX_ERROR_LINES) -> list[str]:
    """The lines of a log that matter, verbatim: exception lines (the tokenizer's strongest
    weight), else error-like lines, else the last lines. Repeats (one per rank) kept once."""
    raw_lines = output.splitlines()
    weighted = []
    for raw in _candidates(output):
        weight = tokenize.line_weight(raw, tokenize.strip_prefixes(tokenize.clean(raw)))
        if weight >= tokenize.ERRORISH:
            weighted.append((weight, raw.rstrip()))
    top = max((w for w, _ in weighted), default=0.0)
    chosen = [raw for w, raw in weighted if w >= top] if weighted else raw_lines[-3:]
    unique: list[str] = []
    seen: set[str] = set()
    for line in chosen:
        key = tokenize.strip_prefixes(tokenize.clean(line))
        if key and key not in seen:
            seen.add(key)
            unique.append(line)
    return unique[-limit:]


_MAYBE_ERROR_WORDS = (
    "error", "exception", "exit", "interrupt", "fault", "terminate", "fail", "fatal", "panic",
    "timeout", "timed out", "memory", "oom", "kill", "abort", "segment", "denied", "refused",
    "not found", "cannot", "can't", "unable", "invalid", "unexpected", "nan", "inf",
    "not exist", "no such", "supported", "mismatch", "critical",
)  # fmt: skip
"""A superset of what `tokenize.line_weight` rates ERRORISH or above (with `_GLOG_ERROR`):
a few `str.find` scans of the whole log find the lines worth weighing, where a regex
alternation over every line costs 20 times more."""
_GLOG_ERROR = re.compile(r"E\d{4}")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _candidates(output: str) -> list[str]:
    """The lines of `output` holding one of `_MAYBE_ERROR_WORDS`, in order, each once."""
    if "\x1b" in output or "\r" in output:  # colour codes can split a word: weigh every line
        return output.splitlines()
    lowered = output.translate(_ASCII_LOWER)  # same length, so positions carry over
    starts: set[int] = set()
    for word in _MAYBE_ERROR_WORDS:
        pos = lowered.find(word)
        while pos >= 0:
            starts.add(lowered.rfind("\n", 0, pos) + 1)
            line_end = lowered.find("\n", pos)
            pos = -1 if line_end < 0 else lowered.find(word, line_end)
    for match in _GLOG_ERROR.finditer(output):
        starts.add(output.rfind("\n", 0, match.start()) + 1)
    found = []
    for start in sorted(starts):
        end = output.find("\n", start)
        found.append(output[start : len(output) if end < 0 else end])
    return found


def has_error_line(lines: list[str]) -> bool:
    """Whether any of `lines` reads like an error (the tokenizer's error weights)."""
    return any(
        tokenize.line_weight(line, tokenize.strip_prefixes(tokenize.clean(line)))
        >= tokenize.ERRORISH
        for line in lines
    )


def signature(lines: list[str]) -> tuple[str, ...]:
    """What makes two failures "the same error": the tokens of their last error line."""
    for line in reversed(lines):
        found = tuple(tokenize.tokens(tokenize.strip_prefixes(line)))
        if found:
            return found
    return ()
