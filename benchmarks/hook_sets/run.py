"""A command run under bash as Claude Code runs one, its failure as the hook receives it.

`run_bash` gives `Exit code N\\n<stdout and stderr merged>`, the `error` field of
`PostToolUseFailure` (see the shared FACTS.md). The command is never the last one of its
shell (`status=$?; exit $status` follows), so bash itself reports a kill, as it does in
Claude Code. The temporary folders' paths are then replaced with another machine's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

VENV_BIN = str(Path(sys.executable).parent)


def replace_all(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    """`text` with each `old` replaced by `new`, in order (longer, inner paths first)."""
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def run_bash(
    cwd: Path,
    command: str,
    env: Mapping[str, str],
    timeout: float,
    replacements: Iterable[tuple[str, str]] = (),
) -> str:
    """`command` under bash in `cwd`; `Exit code N\\n<output>`, paths replaced."""
    done = subprocess.run(
        ["bash", "-c", command + "\nstatus=$?; exit $status"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=dict(env),
        timeout=timeout,
        check=False,
    )
    text = done.stdout.decode("utf-8", "replace")  # bytes: text mode turns \r into \n
    return f"Exit code {done.returncode}\n{replace_all(text, replacements).rstrip()}"


def run_in(
    folder: Path, command: str, path: str, python: str, first: Iterable[tuple[str, str]] = ()
) -> str:
    """`command` in a scratch `folder` as a developer's offline machine runs it: `path`
    (the tools' bin folders) and `python`'s venv first on PATH, HOME inside the folder.
    `first`: replacements made before the folder's own (a folder linked into it)."""
    env = {
        **os.environ,
        "PATH": f"{path}:{Path(python).parent}:{os.environ['PATH']}",
        "GIT_TERMINAL_PROMPT": "0",
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(folder / ".home"),
        "TERM": "dumb",
        # a developer's machine that is offline: no update checks, no module downloads
        "CHECKPOINT_DISABLE": "1",
        "GOPROXY": "off",
        "GOFLAGS": "-mod=mod",
        "GOTOOLCHAIN": "local",
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
        # the toolchains' own homes stay where they are installed when HOME changes
        "RUSTUP_HOME": os.environ.get("RUSTUP_HOME", str(Path.home() / ".rustup")),
        "CARGO_HOME": os.environ.get("CARGO_HOME", str(Path.home() / ".cargo")),
        "PYENV_ROOT": os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv")),
    }
    for machine_only in ("VIRTUAL_ENV", "TF_CLI_CONFIG_FILE"):
        env.pop(machine_only, None)
    (folder / ".home").mkdir(exist_ok=True)
    return run_bash(
        folder,
        command,
        env,
        120,
        [
            *first,
            (str(folder / ".home"), "/home/dev"),
            (str(folder), "/home/dev/src/app"),
            (str(Path(python).parent.parent), "/home/dev/.venv"),
            *((str(Path(p).parent), "/home/dev/.local") for p in path.split(":") if p),
            (str(Path(VENV_BIN).parent), "/home/dev/.venv"),
            (sys.base_prefix, "/usr/local"),
        ],
    )
