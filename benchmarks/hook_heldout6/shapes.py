"""The ways a run shows the failure of `hook_heldout2.project`'s `run()`: eight shapes no
earlier set (v1-v5, by their READMEs) used, each run for real under bash in a venv with
IPython and coverage.py (`--ml-python`):

- `cprofile`: `python -m cProfile [-s cumtime | -o run.prof] train.py`: the traceback
  through `cProfile.py`'s and `runpy`'s frames;
- `coverage`: `coverage run [--branch] train.py` (or `python -m coverage run`): coverage's
  own frames above the script's;
- `ipython`: `ipython train.py`: IPython's verbose traceback (the `----` rule, the class
  name and `Traceback (most recent call last)` on one line, `---> N` source arrows), with
  IPython's colours when it sets them;
- `threadlog`: a training thread that logs with `logging` and a
  `%(asctime)s %(process)d %(threadName)s %(levelname)s` prefix, `log.exception(...)` on
  the failure, the main thread exiting 1; 40 to 260 progress lines, so most outputs are
  longer than Claude Code's cut and reach the hook with their middle cut out;
- `futures`: a `concurrent.futures.ThreadPoolExecutor` over shards, `future.result()`
  re-raising the worker's exception through `_base.py`'s frames, the other shards' lines
  around it;
- `config-loop`: a shell `for cfg in ...; do ...; done` (or a `set -euo pipefail` script)
  over configs, the failing one printing `traceback.print_exc()` then `sys.exit(2)` after
  earlier configs ran to the end;
- `make-k`: `make -k` with two failing targets (the training and an evaluation whose
  checkpoint is missing), `make: Target 'all' not remade because of errors.`;
- `wrapper`: `env -i ...`, `nice`, `ionice`, `stdbuf -oL` around the run, or the output piped
  through `sed` that prefixes every line with `[train] ` (`set -o pipefail`).

Every output is the command's own. What the hook receives is cut as Claude Code 2.1.328 cuts
it (`claude_cut`, measured in `benchmarks/HOOK_LONG_OUTPUT.md`).
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.hook_heldout3.shapes import other_machine
from benchmarks.hook_heldout4.shapes import run_env, run_fields
from benchmarks.hook_heldout5.shapes import _PLAIN
from benchmarks.hook_sets.run import run_bash

SHAPES = (
    "cprofile",
    "coverage",
    "ipython",
    "threadlog",
    "futures",
    "config-loop",
    "make-k",
    "wrapper",
)

READ_BACK = 30_000
"""Characters of a failed command's output the CLI reads back (`BASH_MAX_OUTPUT_LENGTH`)."""
KEEP = 5_000
"""Characters kept at each end of `Exit code N\\n<output>` when it is too long."""
CUT_ABOVE = 11_000
"""Texts up to this long are handed whole (measured: 9,148 whole, 25,139 cut)."""


def claude_cut(code: int, output: str) -> str:
    """What Claude Code 2.1.328 hands `PostToolUseFailure` as `error` for a command that
    exited `code` with `output` (`benchmarks/HOOK_LONG_OUTPUT.md`): the first 30,000
    characters, the trailing newline trimmed, `Exit code N` in front; when longer than about
    11,000 characters, its first and last 5,000 around `... [M characters truncated] ...`
    (M = the length less 10,000). v4's and v5's cut (the first 10,040 characters) measured
    the length only."""
    text = f"Exit code {code}\n" + output[:READ_BACK].rstrip("\n")
    if len(text) <= CUT_ABOVE:
        return text
    marker = f"\n\n... [{len(text) - 2 * KEEP} characters truncated] ...\n\n"
    return text[:KEEP] + marker + text[-KEEP:]


def cut_as_claude(handed: str) -> str:
    """`run_bash`'s `Exit code N\\n<output>` cut as Claude Code cuts it."""
    head, _, output = handed.partition("\n")
    return claude_cut(int(head.removeprefix("Exit code ")), output)


_THREADLOG = """\
import logging
import sys
import threading

from src.pipeline import run

logging.basicConfig(
    level=logging.INFO,
    format="%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s",
)
log = logging.getLogger("{title}")
failed = []


def train():
    log.info("model=%s lr=%s batch=%d", "{model}", "{lr}", {batch})
    for step in range({steps}):
        log.info("step %d/%d loss=%.4f grad_norm=%.3f tokens/s=%d", step, {total},
                 2.3 - step * 0.004, 1.1 + (step % 7) * 0.05, 41000 + step * 3)
    try:
        run({step})
    except BaseException:
        log.exception("step %d failed, stopping", {steps})
        failed.append(True)


thread = threading.Thread(target=train, name="{thread}")
thread.start()
thread.join()
if failed:
    log.error("training thread failed; exiting")
    sys.exit(1)
"""
_FUTURES = """\
from concurrent.futures import ThreadPoolExecutor, as_completed

from src.pipeline import run


def shard_step(shard):
    if shard == {bad}:
        run({step})
    print(f"shard {{shard:03d}}: {{(shard + 1) * 1024}} samples tokenized", flush=True)
    return shard


with ThreadPoolExecutor(max_workers={workers}, thread_name_prefix="prep") as pool:
    futures = [pool.submit(shard_step, shard) for shard in range({shards})]
    for future in {collect}:
        future.result()
print("all shards done")
"""
_CONFIG_TRAIN = """\
import sys
import traceback

from src.pipeline import run

config = sys.argv[1]
print(f"[{{config}}] model={model} lr={lr}", flush=True)
for epoch in range({epochs}):
    print(f"[{{config}}] epoch {{epoch}} loss {{2.1 - epoch * 0.2:.3f}}", flush=True)
if config.endswith("{bad}.yaml"):
    try:
        run({step})
    except Exception:
        traceback.print_exc()
        print(f"[{{config}}] failed", file=sys.stderr)
        sys.exit(2)
print(f"[{{config}}] done", flush=True)
"""
_SWEEP_SH = """\
#!/usr/bin/env bash
set -euo pipefail
for cfg in {configs}; do
  echo "=== $cfg"
  python train.py "configs/$cfg.yaml"
done
echo "sweep finished"
"""
_MAKEFILE = """\
PY ?= python

all: train eval

train:
\t$(PY) train.py

eval:
\t@test -f checkpoints/last.pt || { echo "eval: checkpoints/last.pt not found" >&2; exit 1; }
\t$(PY) evaluate.py checkpoints/last.pt
"""
_CONFIGS = ["base", "small", "large", "lr-low", "lr-high", "warmup", "long-ctx"]
_THREADS = ["trainer", "train-loop", "worker-0", "Thread-1 (train)"]


def _scripts(shape: str, rng: random.Random) -> tuple[dict[str, str], str]:
    """Files for the project and the command a user types."""
    fields = {**run_fields(rng), "epochs": rng.randint(1, 4)}
    plain = {"train.py": _PLAIN.format(**fields)}
    if shape == "cprofile":
        return plain, rng.choice(
            [
                "python -m cProfile -s cumtime train.py",
                "python -m cProfile -o run.prof train.py",
                "python -m cProfile -s tottime train.py",
            ]
        )
    if shape == "coverage":
        return plain, rng.choice(
            [
                "coverage run train.py",
                "coverage run --branch train.py",
                "python -m coverage run train.py",
            ]
        )
    if shape == "ipython":
        return plain, rng.choice(["ipython train.py", "ipython --no-banner train.py"])
    if shape == "threadlog":
        steps = rng.randint(40, 260)
        text = _THREADLOG.format(
            steps=steps, total=steps * 4, thread=rng.choice(_THREADS), **fields
        )
        return {"train.py": text}, "python train.py"
    if shape == "futures":
        shards = rng.randint(4, 24)
        text = _FUTURES.format(
            bad=rng.randint(0, shards - 1),
            workers=rng.choice([2, 4, 8]),
            shards=shards,
            collect=rng.choice(["as_completed(futures)", "futures"]),
            step=fields["step"],
        )
        return {"train.py": text}, "python train.py"
    if shape == "config-loop":
        configs = rng.sample(_CONFIGS, rng.randint(3, 5))
        bad = configs[rng.randint(1, len(configs) - 1)]
        files = {"train.py": _CONFIG_TRAIN.format(bad=bad, **fields)}
        listed = " ".join(configs)
        if rng.random() < 0.5:
            files["scripts/sweep.sh"] = _SWEEP_SH.format(configs=listed)
            return files, "bash scripts/sweep.sh"
        return files, (
            f'for cfg in {listed}; do python train.py "configs/$cfg.yaml" || exit $?; done'
        )
    if shape == "make-k":
        files = {**plain, "Makefile": _MAKEFILE}
        return files, rng.choice(["make -k", "make -k train eval", "make -k all"])
    return plain, rng.choice(
        [
            'env -i PATH="$PATH" PYTHONPATH="$PYTHONPATH" HOME="$HOME" python train.py',
            "nice -n 10 python train.py",
            "ionice -c 3 nice -n 5 python train.py",
            "stdbuf -oL -eL python train.py",
            "set -o pipefail; python -u train.py 2>&1 | sed -u 's/^/[train] /'",
        ]
    )


def run_shape(root: Path, shape: str, python: str, rng: random.Random) -> tuple[str, str]:
    """Run `root/project` in `shape`; (the command a user typed, the `error` Claude Code
    hands the hook)."""
    project = root / "project"
    home = root / "home"
    home.mkdir(exist_ok=True)
    files, command = _scripts(shape, rng)
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    pairs = other_machine(root, python, rng)
    env = {**run_env(root, python), "HOME": str(home)}
    for machine_only in ("FORCE_COLOR", "PYTHON_COLORS"):
        env.pop(machine_only, None)
    text = run_bash(project, command, env, 120, pairs)
    return command, cut_as_claude(text)
