"""A scratch training project whose code really raises a quoted error.

`write_project` lays out, in a temporary folder, an environment (`env/`: the packages the
exception lives in, so Python prints its qualified name, `torch.OutOfMemoryError: ...`) and
a project (`project/`: `src/pipeline.py` whose `run()` ends in the failure). The shapes in
`shapes.py` then drive `run()` the way a user's command would. When the entry quotes
traceback frames, their files are written with the quoted source at the line Python points
at, so the traceback shows the entry's own frames. Messages that are no exception (a log
line, a Rust panic, a kill by the kernel) are printed the way their program prints them.
"""

from __future__ import annotations

import builtins
import random
import re
from dataclasses import dataclass
from pathlib import Path

EXCEPTION_LINE = re.compile(r"^((?:[A-Za-z_]\w*\.)*)([A-Z]\w*)\s*:\s?(.*)$")
FRAME = re.compile(r'^\s*File "([^"]*)", line \d+, in ([A-Za-z_<>]\w*>?)')
PANIC = re.compile(r"^thread '[^']*' panicked at [^:]+:\d+:\d+:\s*(.*)$")
FUNCTIONS = ["forward", "training_step", "_inner_training_loop", "collate", "generate"]
INNER = ["_call_impl", "_check_inputs", "_dispatch", "_validate", "_load"]


@dataclass(frozen=True)
class Failure:
    """What the run must end with."""

    kind: str
    """`exception`, `panic`, `killed` or `log`."""
    module: str
    name: str
    message: str
    frames: tuple[tuple[str, str, str], ...]


def parse_failure(quoted: str, message_line: str) -> Failure:
    """`message_line` (already varied) read as what raises it; frames from `quoted`."""
    lines = quoted.splitlines()
    frames = tuple(
        (m.group(1), m.group(2), lines[n + 1].strip() if n + 1 < len(lines) else "")
        for n, line in enumerate(lines)
        if (m := FRAME.match(line))
    )
    if message_line.strip() == "Killed":
        return Failure("killed", "", "", "", frames)
    if PANIC.match(message_line):
        return Failure("panic", "pyo3_runtime", "PanicException", message_line, frames)
    found = EXCEPTION_LINE.match(message_line)
    if found and not message_line.startswith("["):
        module = found.group(1).rstrip(".")
        return Failure("exception", module, found.group(2), found.group(3), frames)
    return Failure("log", "", "", message_line, frames)


def _package(env: Path, module: str, body: str) -> None:
    """Write `module` (dotted) under `env`, parents as packages, `body` appended."""
    parts = module.split(".")
    folder = env
    for part in parts[:-1]:
        folder = folder / part
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").touch()
    leaf = folder / parts[-1] / "__init__.py"
    if (folder / f"{parts[-1]}.py").exists():
        leaf = folder / f"{parts[-1]}.py"
    leaf.parent.mkdir(parents=True, exist_ok=True)
    with leaf.open("a", encoding="utf-8") as out:
        out.write(body)


def exception_class(env: Path, failure: Failure) -> str:
    """The import line of the exception class to raise (empty for a builtin)."""
    if failure.kind == "panic":
        _package(env, "pyo3_runtime", "class PanicException(BaseException):\n    pass\n")
        return "from pyo3_runtime import PanicException"
    if not failure.module and hasattr(builtins, failure.name):
        return ""
    module = failure.module or "errors"
    base = "RuntimeError" if "Error" in failure.name else "Exception"
    _package(env, module, f"\n\nclass {failure.name}({base}):\n    pass\n")
    return f"from {module} import {failure.name}"


def _display_frames(root: Path, failure: Failure, rng: random.Random) -> str:
    """Code that calls through the quoted frames, each file showing the quoted source at the
    line Python points at; the last frame raises. Returns the code; `_FRAMES[0]` starts it."""
    chain = list(failure.frames[-5:])
    lines = ["_FRAMES = []"]
    for n, (path, function, source) in enumerate(chain):
        line = rng.randint(40, 900)
        disk = (
            (root / "frames" / path.lstrip("/"))
            if path.startswith("/")
            else root / "project" / path
        )
        disk.parent.mkdir(parents=True, exist_ok=True)
        disk.write_text("\n" * (line - 1) + f"    {source}\n", encoding="utf-8")
        last = n == len(chain) - 1
        call = f"raise {failure.name}(_MESSAGE)" if last else f"_FRAMES[{n + 1}]()"
        code = "\n" * (line - 2) + f"def {function}():\n    {call}\n"
        lines += [
            f"_space{n} = dict(globals())",
            f"exec(compile({code!r}, {str(disk)!r}, 'exec'), _space{n})",
            f"_FRAMES.append(_space{n}[{function!r}])",
        ]
    return "\n".join(lines) + "\n"


def write_project(root: Path, failure: Failure, rng: random.Random) -> None:
    """`root/env` and `root/project/src/pipeline.py` with `run()` ending in `failure`."""
    env, src = root / "env", root / "project" / "src"
    env.mkdir(parents=True, exist_ok=True)
    src.mkdir(parents=True, exist_ok=True)
    (src / "__init__.py").touch()
    function, inner = rng.choice(FUNCTIONS), rng.choice(INNER)
    head = ["import os", "import sys", ""]
    if failure.kind == "killed":
        body = "    import signal\n    os.kill(os.getpid(), signal.SIGKILL)\n"
    elif failure.kind == "log":
        head += ["import logging", "", "log = logging.getLogger('trainer')", ""]
        body = f"    log.error({failure.message!r})\n    sys.exit(1)\n"
    else:
        head.append(exception_class(env, failure))
        message = failure.message
        if failure.kind == "panic":
            found = PANIC.match(message)
            assert found is not None
            body = (
                f"    sys.stderr.write({message!r} + '\\nnote: run with `RUST_BACKTRACE=1` "
                "environment variable to display a backtrace\\n')\n"
                f"    raise {failure.name}({found.group(1)!r})\n"
            )
        else:
            head.append(f"_MESSAGE = {message!r}")
            body = f"    message = _MESSAGE\n    raise {failure.name}(message)\n"
    text = "\n".join(head) + f"\n\n\ndef {inner}():\n{body}\n\n"
    if failure.frames and failure.kind == "exception":
        text += _display_frames(root, failure, rng)
        first = failure.frames[-5:][0][1]
        if first.isidentifier() and first not in ("run", function):
            text += f"{first} = _FRAMES[0]\n"
            text += f"\n\ndef {function}(batch):\n    return {first}()\n"
        else:
            text += f"\n\ndef {function}(batch):\n    return _FRAMES[0]()\n"
    else:
        text += f"\n\ndef {function}(batch):\n    {inner}()\n"
    text += (
        "\n\ndef run(step=0):\n"
        "    batch = {'input_ids': [[101, 2023, 102]], 'step': step}\n"
        f"    return {function}(batch)\n"
    )
    (src / "pipeline.py").write_text(text, encoding="utf-8")
