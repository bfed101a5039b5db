"""The failure hook's held-out sets, made after its rules were fixed and never tuned on.

    .venv/bin/python -m benchmarks.hook_heldout.collect [--reg1k /work/regs/reg1k]

- covered-dev: every troubleshooting entry of the dev registry (the repository's plugins and
  the lookup dev set's) whose quoted error names an exception (`Name: message`), raised for
  real by a generated Python script: the entry's traceback frames become nested functions,
  numbers in the message change (a real run never prints the entry's numbers), and the
  output takes one of three shapes (bare; after a log with a redrawn progress bar; behind
  `[rank0]:` prefixes through a pipe, as torchrun prints it). Judged on the dev registry.
- covered-reg1k: the same for entries sampled (seed 1) from the generated 1,000-skill
  registry (`benchmarks.generate --n 1000 --seed 0`), judged on that registry: its skills
  share error templates, so only the skill's own frames and words can single it out.
- uncovered: reg1k errors sampled (seed 2) whose exception is not named anywhere in the dev
  registry, judged on the dev registry: ML errors nobody there covers.
- noise: everyday failures not in `hook_dev/noise.yaml`, run for real (judged on both).
"""

from __future__ import annotations

import argparse
import builtins
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.hook_dev.collect_noise import _fixtures
from benchmarks.lookup_dev import dev_registry
from site_gen import urls
from site_gen.loader import load_registry
from site_gen.model import Registry

HERE = Path(__file__).resolve().parent
PY = sys.executable
SAMPLE = 40
_NAMED = re.compile(
    r"^((?:[A-Za-z_]\w*\.)*)([A-Z]\w*(?:Error|Exception|Exit|Interrupt))\s*:\s*(.*)$"
)
_FRAME = re.compile(r'^\s*File "([^"]*)", line \d+, in ([A-Za-z_]\w*)')
_NUMBER = re.compile(r"\d+")

NOISE: list[tuple[str, str]] = [
    ("py-tuple-assign", f"{PY} -c 't = (1, 2); t[0] = 5'"),
    ("py-none-call", f"{PY} -c 'f = None; f()'"),
    ("py-str-int", f"{PY} -c 'print(\"epoch \" + 3)'"),
    ("py-unpack", f"{PY} -c 'a, b = [1, 2, 3]'"),
    ("py-dict-iter", f"{PY} -c 'd = {{1: 2}}\nfor k in d: d[k + 1] = 0'"),
    ("py-float-parse", f"{PY} -c 'float(\"1e-3x\")'"),
    ("py-list-remove", f"{PY} -c '[1, 2].remove(5)'"),
    ("py-max-empty", f"{PY} -c 'max([])'"),
    ("py-pop-empty", f"{PY} -c '[].pop()'"),
    ("py-next", f"{PY} -c 'next(iter([]))'"),
    ("py-overflow", f"{PY} -c 'import math; math.exp(1000)'"),
    ("py-math-domain", f"{PY} -c 'import math; math.log(-1)'"),
    ("py-isdir", f"{PY} -c 'open(\"/tmp\")'"),
    ("py-readonly", f'{PY} -c \'open("/proc/version", "w")\''),
    ("py-json-empty", f"{PY} -c 'import json; json.loads(\"\")'"),
    ("py-csv", f"{PY} -c 'import csv; next(csv.reader(open(\"nothing.csv\")))'"),
    ("py-yaml-missing", f"{PY} -c 'import yamlx'"),
    ("py-relative-import", f"{PY} -c 'from . import utils'"),
    ("py-kwarg", f"{PY} -c 'def f(a): pass\nf(b=1)'"),
    ("py-args", f"{PY} -c 'def f(a, b): pass\nf(1)'"),
    ("py-not-callable", f"{PY} -c 'x = 3; x()'"),
    ("py-hash", f"{PY} -c '{{[1]: 2}}'"),
    ("py-encode", f'{PY} -c \'"é".encode("ascii")\''),
    ("py-datetime", f"{PY} -c 'import datetime; datetime.date(2024, 13, 1)'"),
    ("py-int-base", f"{PY} -c 'int(\"12\", 1)'"),
    ("py-subprocess", f"{PY} -c 'import subprocess; subprocess.run([\"false\"], check=True)'"),
    ("py-missing-exec", f"{PY} -c 'import subprocess; subprocess.run([\"nosuchtool\"])'"),
    ("py-socket", f"{PY} -c 'import socket; socket.create_connection((\"127.0.0.1\", 9))'"),
    (
        "py-urllib",
        f"{PY} -c 'import urllib.request; urllib.request.urlopen(\"http://127.0.0.1:9/\")'",
    ),
    ("py-thread", f"{PY} -c 'import threading; threading.Thread(target=1/0).start()'"),
    ("py-pickle", f"{PY} -c 'import pickle; pickle.loads(b\"not a pickle\")'"),
    ("py-zip", f"{PY} -c 'import zipfile; zipfile.ZipFile(\"data.csv\")'"),
    ("py-gzip", f"{PY} -c 'import gzip; gzip.open(\"data.csv\").read()'"),
    ("py-sqlite", f'{PY} -c \'import sqlite3; sqlite3.connect(":memory:").execute("SELEC 1")\''),
    ("py-regex", f"{PY} -c 'import re; re.compile(\"(\")'"),
    ("py-deep-traceback", f"{PY} -c 'def a(n): return a(n - 1) if n else {{}}[\"lr\"]\na(5)'"),
    (
        "py-dataclass",
        f"{PY} -c 'from dataclasses import dataclass\n@dataclass\nclass C:\n  a: int\nC()'",
    ),
    ("np-index", "python3 -c 'import numpy as np; np.zeros(3)[5]'"),
    ("np-singular", "python3 -c 'import numpy as np; np.linalg.inv(np.zeros((2, 2)))'"),
    (
        "np-concat",
        "python3 -c 'import numpy as np; np.concatenate([np.ones((2, 3)), np.ones((2, 4))])'",
    ),
    ("np-astype", "python3 -c 'import numpy as np; np.array([\"a\"]).astype(float)'"),
    ("np-load", "python3 -c 'import numpy as np; np.load(\"embeddings.npy\")'"),
    ("np-axis", "python3 -c 'import numpy as np; np.ones(3).sum(axis=2)'"),
    ("pytest-error", f"{PY} -m pytest -q -x test_math.py::test_raises"),
    ("pytest-collect", f"{PY} -m pytest -q syntax.py"),
    ("pytest-list", f"{PY} -m pytest -q test_math.py::test_list"),
    ("unittest", f"{PY} -m unittest nosuchtests"),
    ("git-tag", "git tag v1 && git tag v1"),
    ("git-rebase", "git rebase feature"),
    ("git-cherry", "git cherry-pick deadbeef"),
    ("git-reset", "git reset --hard nosuchref"),
    ("git-show", "git show HEAD:nothing.txt"),
    ("git-switch", "git switch --detach nosuch"),
    ("git-config", "git config --get user.nosuchkey"),
    ("git-apply", "echo garbage > p.diff && git apply p.diff"),
    ("git-blame", "git blame nothing.py"),
    ("pip-show", f"{PY} -m pip show no-such-package-xyz"),
    ("pip-editable", f"{PY} -m pip install -e ./nothing --no-index"),
    ("gcc-header", "echo '#include <nosuch.h>' > h.c && gcc -c h.c"),
    (
        "gcc-warning-error",
        "printf 'int main(void){int x; return;}\\n' > w.c && gcc -Werror -Wall w.c",
    ),
    ("gpp-undefined", "printf 'int f();\\nint main(){return f();}\\n' > u.cpp && g++ u.cpp"),
    ("make-missing-file", "printf 'out: in.txt\\n\\tcp in.txt out\\n' > M && make -f M"),
    ("bash-badsub", "echo ${x"),
    ("bash-arith", "echo $((1/0))"),
    ("bash-readonly", "readonly A=1; A=2"),
    ("bash-cmd-perm", "touch s.sh && ./s.sh"),
    ("kill-pid", "kill -TERM 4194300"),
    ("wait-none", "wait 12345"),
    ("cd-file", "cd data.csv"),
    ("mkdir-parent", "mkdir a/b/c"),
    ("rmdir-nonempty", "mkdir -p d && touch d/x && rmdir d"),
    ("cat-dir", "cat /tmp"),
    ("nvidia-smi-q", "nvidia-smi --query-gpu=memory.used --format=csv"),
    ("nvcc-compile", "nvcc kernel.cu -o kernel"),
    ("torchrun-missing", "torchrun --nproc_per_node 2 train.py"),
    ("accelerate-missing", "accelerate launch train.py"),
    ("wandb-missing", "wandb login"),
    ("hf-cli-missing", "huggingface-cli download gpt2"),
    ("ps-grep", "ps aux | grep -v grep | grep -q nosuchproc"),
    ("test-dir", "test -d outputs/run-7"),
    ("stat-missing", "stat checkpoints/step-1000"),
    ("cmp-differs", "printf a > x && printf b > y && cmp x y"),
    ("python-m-json", f"{PY} -m json.tool config.json"),
    ("python-syntax-inline", f"{PY} -c 'print(\"unterminated)'"),
    ("shellcheck-missing", "shellcheck run.sh"),
]


def _message(text: str, rng: random.Random) -> str:
    """Numbers changed the way another run changes them (same digit count, another value)."""

    def other(found: re.Match[str]) -> str:
        digits = found.group(0)
        return str(
            rng.randint(10 ** (len(digits) - 1) if len(digits) > 1 else 0, 10 ** len(digits) - 1)
        )

    return _NUMBER.sub(other, text)


def _script(error: str, frames: list[list[str]], rng: random.Random, shape: int) -> str | None:
    """A Python script that fails with `error` (its first line) through `frames` (file,
    function, source line: the entry's own traceback, shown as Python shows it)."""
    named = _NAMED.match(error.strip().splitlines()[0])
    if not named:
        return None
    module, name = named.group(1).rstrip("."), named.group(2)
    message = _message(named.group(3), rng)
    lines = ["import linecache, sys, traceback", "sys.excepthook = traceback.print_exception"]
    if shape == 1:
        lines += [
            "print('INFO loading config from configs/run.yaml', flush=True)",
            "for i in range(0, 101, 25):",
            "    sys.stderr.write(f'\\r{i:3d}%|' + '#' * (i // 10) + f'| {i}/100 [00:04, 2.1it/s]')",
            "sys.stderr.write('\\n')",
            "print('WARNING: use_cache=True is incompatible with gradient checkpointing', flush=True)",
        ]
    if not module and hasattr(builtins, name):
        lines.append(f"Failure = {name}")
    else:
        module = module or "__main__"
        lines.append(f"Failure = type({name!r}, (Exception,), {{'__module__': {module!r}}})")
    chain = frames[-5:] or [["/home/user/project/train.py", "main", "run()"]]
    lines += [f"FRAMES = {chain!r}", f"MESSAGE = {message!r}", "space = {'Failure': Failure}"]
    lines += [
        "for n, (path, function, source) in reversed(list(enumerate(FRAMES))):",
        "    last = n == len(FRAMES) - 1",
        "    body = 'raise Failure(MESSAGE)' if last else FRAMES[n + 1][1] + '()'",
        "    linecache.cache[path] = (1, None, ['def f():\\n', '    ' + source + '\\n'], path)",
        "    exec(compile(f'def {function}():\\n    {body}\\n', path, 'exec'), space)",
        "space['MESSAGE'] = MESSAGE",
        "space[FRAMES[0][1]]()",
    ]
    return "\n".join(lines) + "\n"


def _run(command: list[str] | str, folder: Path) -> tuple[int, str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "NO_COLOR": "1"}
    done = subprocess.run(
        command,
        cwd=folder,
        shell=isinstance(command, str),
        executable="/bin/bash" if isinstance(command, str) else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        timeout=60,
        check=False,
    )
    text = done.stdout.decode("utf-8", "replace")  # bytes: text mode would turn \r into \n
    return done.returncode, text.replace(str(folder), "/home/user/project").rstrip("\n")


def _entries(registry: Registry) -> list[dict[str, Any]]:
    """Troubleshooting entries whose quoted error names an exception, with their frames."""
    out = []
    for plugin in registry:
        for entry in plugin.all_troubleshooting:
            if not entry.errors or not _NAMED.match(entry.errors[0].strip().splitlines()[0]):
                continue
            quoted = "\n".join(entry.errors).splitlines()
            frames = [
                [m.group(1), m.group(2), quoted[n + 1].strip() if n + 1 < len(quoted) else ""]
                for n, line in enumerate(quoted)
                if (m := _FRAME.match(line))
            ]
            url = urls.entry(plugin.name, entry.anchor)
            out.append(
                {"skill": plugin.name, "url": url, "error": entry.errors[0], "frames": frames}
            )
    return out


def failing_outputs(entries: list[dict[str, Any]], seed: int, prefix: str) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    cases = []
    for number, item in enumerate(entries):
        shape = number % 3
        script = _script(item["error"], item["frames"], rng, shape)
        if script is None:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "train.py").write_text(script)
            command = (
                "python3 train.py 2>&1 | sed 's/^/[rank0]: /'; exit ${PIPESTATUS[0]}"
                if shape == 2
                else ["python3", "train.py"]
            )
            code, text = _run(command, folder)
        if code == 0:
            continue
        cases.append(
            {
                "id": f"{prefix}-{number}",
                "skill": item["skill"],
                "url": item["url"],
                "error": f"Exit code {code}\n{text}",
            }
        )
    return cases


def noise_outputs() -> list[dict[str, str]]:
    cases = []
    for name, command in NOISE:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            _fixtures(folder)
            code, text = _run(command, folder)
        if code == 0:
            print(f"skipped {name}: exit 0", file=sys.stderr)
            continue
        cases.append(
            {
                "id": name,
                "command": command.replace(PY, "python"),
                "error": f"Exit code {code}\n{text}",
            }
        )
    return cases


class _Dumper(yaml.SafeDumper):
    """Outputs with a carriage return (a redrawn progress bar) kept double-quoted: a YAML
    block scalar would turn it into a line break."""


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style='"' if "\r" in text else None
    ),
)


def _write(name: str, header: str, cases: list[dict[str, Any]]) -> None:
    text = yaml.dump(cases, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    (HERE / name).write_text(f"# {header}\n" + text)
    print(f"{name}: {len(cases)} cases")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--reg1k", type=Path, required=True, help="benchmarks.generate --n 1000 --seed 0"
    )
    args = parser.parse_args()
    dev = _entries(dev_registry())
    _write(
        "covered_dev.yaml",
        "Dev registry entries raised for real (collect.py).",
        failing_outputs(dev, 0, "dev"),
    )
    big = load_registry(args.reg1k).registry
    entries = _entries(big)
    covered = random.Random(1).sample(entries, SAMPLE)
    _write(
        "covered_reg1k.yaml",
        "reg1k entries raised for real (collect.py).",
        failing_outputs(covered, 1, "reg1k"),
    )
    dev_text = "\n".join(e["error"] for e in dev)
    foreign = [e for e in entries if _NAMED.match(e["error"].strip()).group(2) not in dev_text]  # type: ignore[union-attr]
    uncovered = random.Random(2).sample(foreign, min(SAMPLE, len(foreign)))
    _write(
        "uncovered.yaml",
        "reg1k errors the dev registry does not name (collect.py).",
        failing_outputs(uncovered, 2, "unc"),
    )
    _write(
        "noise.yaml",
        "Everyday failures not in hook_dev, run for real (collect.py).",
        noise_outputs(),
    )


if __name__ == "__main__":
    main()
