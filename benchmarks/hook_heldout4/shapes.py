"""The ways a run shows the failure of `hook_heldout2.project`'s `run()`: nine shapes no
earlier set used, each run for real in a venv with tqdm, rich, loguru and
python-json-logger (`--ml-python`):

- `tee-tail`: `set -o pipefail; python train.py 2>&1 | tee logs/run.log | tail -n 40`
  (a tqdm bar's carriage returns inside the kept lines; a long traceback loses its top),
  or the log written to a file and its tail shown only on failure;
- `nohup`: the run started with `nohup ... &`, then `sleep; tail -n 30 train.log;
  kill -0 $pid` to see whether it still lives (`kill: (PID) - No such process`);
- `timeout`: a prefetch thread dies (`Exception in thread prefetch-0:`), the main loop
  waits for its batches until `timeout` stops it (exit 124), or with `-s ABRT` and
  `python -X faulthandler`, which dumps every thread's stack (`Fatal Python error: Aborted`);
- `xargs`: a learning-rate sweep, `xargs -P 3` running the trials at once (their lines
  interleaved, `xargs` exit 123);
- `bash-x`: `bash -x scripts/eval.sh`: `+ ` trace lines around the run;
- `rich`: rich's boxed traceback (`rich.traceback.install`), or `RichHandler(rich_tracebacks=
  True)` logging it: frames in a box, long lines wrapped at 80 columns;
- `loguru`: loguru's `logger.exception` or `@logger.catch`, with `diagnose` values under the
  frames (`└ ` lines) and `>` on the failing frame;
- `jsonl`: JSON-lines logs, one object a line (alone or through `tail`): python-json-logger's `exc_info` (the
  traceback as one JSON string, `\\n` escaped) or a hand-made formatter's `exception` list;
- `truncated`: the failure early in a run that then prints far more than Claude Code hands
  a hook (`truncate_as_claude`: the real CLI measured, the output cut to its head).

The temporary folder's paths are replaced with another machine's.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

from benchmarks.hook_heldout3.shapes import other_machine
from benchmarks.hook_sets.run import run_bash

SHAPES = (
    "tee-tail",
    "nohup",
    "timeout",
    "xargs",
    "bash-x",
    "rich",
    "loguru",
    "jsonl",
    "truncated",
)
CLAUDE_ERROR_CHARS = 10_040
"""Claude Code 2.1.328 hands `PostToolUseFailure` the first ~10,040 characters of
`Exit code N\\n<output>` (measured: 10,039-10,040 for outputs of 15,000-170,000 characters,
no marker added; the tail is lost)."""

_TRAIN_TQDM = """\
import logging, sys, time
from tqdm import tqdm
from src.pipeline import run

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("train")
log.info("config: model=%s lr=%s batch=%d", {model!r}, {lr!r}, {batch})
bar = tqdm(total={total}, desc="epoch 1", file=sys.stderr, mininterval=0, miniters={miniters})
for step in range({fail_at}):
    time.sleep(0.005)
    bar.update(1)
    if step and step % {every} == 0:
        bar.set_postfix(loss=round(2.3 - step / {total}, 3))
run(step)
"""
_NOHUP = """\
import sys, time
from src.pipeline import run

print("loading {model} ...", flush=True)
for epoch in range({epochs}):
    print(f"epoch {{epoch}}: train_loss={{2.1 - epoch * 0.2:.3f}} val_loss={{2.2 - epoch * 0.15:.3f}}",
          flush=True)
    time.sleep(0.05)
run({step})
"""
_PREFETCH = """\
import queue, threading, time
from src.pipeline import run

batches = queue.Queue(maxsize=8)


def prefetch(shard):
    for i in range({good}):
        batches.put((shard, i))
    run(shard)


threading.Thread(target=prefetch, args=({shard},), name="prefetch-0", daemon=True).start()
step = 0
while True:
    shard, i = batches.get()
    step += 1
    if step % {every} == 0:
        print(f"step {{step}} shard {{shard}} batch {{i}}", flush=True)
"""
_SWEEP_TRIAL = """\
import argparse, time
from src.pipeline import run

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, required=True)
args = parser.parse_args()
for step in range(0, {steps}, {every}):
    print(f"[lr={{args.lr:g}}] step {{step}} loss {{2.5 - step / {steps}:.4f}}", flush=True)
    time.sleep(0.03)
if args.lr == {bad}:
    run(step)
print(f"[lr={{args.lr:g}}] done", flush=True)
"""
_EVAL_SH = """\
#!/usr/bin/env bash
set -euo pipefail
CKPT=${{1:-checkpoints/{ckpt}}}
export TOKENIZERS_PARALLELISM=false
mkdir -p results
echo "evaluating $CKPT"
python -c "from src.pipeline import run; run({step})" --ckpt "$CKPT"
echo "wrote results/metrics.json"
"""
_RICH = {
    "install": """\
from rich.console import Console
from rich.traceback import install
from src.pipeline import run

install(show_locals={locals})
console = Console()
console.rule("[bold]{title}")
console.print("model: {model}   lr: {lr}   batch: {batch}")
run({step})
""",
    "handler": """\
import logging
from rich.logging import RichHandler
from src.pipeline import run

logging.basicConfig(level="INFO", format="%(message)s", datefmt="[%X]",
                    handlers=[RichHandler(rich_tracebacks=True)])
log = logging.getLogger("rich")
log.info("starting {title} with lr=%s batch=%s", {lr!r}, {batch})
try:
    run({step})
except Exception:
    log.exception("step {step} failed")
    raise SystemExit(1)
""",
}
_LOGURU = {
    "exception": """\
import sys
from loguru import logger
from src.pipeline import run

logger.info("run {title}: lr={lr} batch={batch}")
try:
    run({step})
except Exception:
    logger.exception("training crashed at step {step}")
    sys.exit(1)
""",
    "catch": """\
import sys
from loguru import logger
from src.pipeline import run


@logger.catch(onerror=lambda _: sys.exit(1))
def main(step):
    logger.info("resuming from step {{}}", step)
    run(step)


main({step})
""",
}
_JSONL = {
    "json-logger": """\
import logging, sys
from pythonjsonlogger.json import JsonFormatter
from src.pipeline import run

handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
logging.basicConfig(level=logging.INFO, handlers=[handler])
log = logging.getLogger("trainer")
log.info("start", extra={{"run_id": "{run_id}", "lr": {lr!r}, "batch": {batch}}})
for step in range(0, {step}, {every}):
    log.info("metrics", extra={{"step": step, "loss": round(2.0 - step / 5000, 4)}})
try:
    run({step})
except Exception:
    log.exception("step failed", extra={{"step": {step}}})
    sys.exit(1)
""",
    "hand-made": """\
import json, logging, sys, traceback
from src.pipeline import run


class JsonLines(logging.Formatter):
    def format(self, record):
        line = {{"ts": self.formatTime(record), "level": record.levelname.lower(),
                 "logger": record.name, "event": record.getMessage()}}
        if record.exc_info:
            line["exception"] = traceback.format_exception(*record.exc_info)
        return json.dumps(line)


handler = logging.StreamHandler()
handler.setFormatter(JsonLines())
logging.basicConfig(level=logging.INFO, handlers=[handler])
log = logging.getLogger("{title}")
log.info("job started on %s", "{node}")
try:
    run({step})
except Exception:
    log.exception("job failed")
    sys.exit(2)
""",
}
_LONG = """\
import sys, traceback, warnings
from src.pipeline import run

print("evaluating {n} shards", flush=True)
failed = 0
for shard in range({n}):
    try:
        if shard == {bad}:
            run(shard)
        print(f"shard {{shard:04d}}: ok  tokens={{shard * 7919 % 100000}}  "
              f"ppl={{12 + shard % 7 / 3:.3f}}  {noise}", flush=True)
    except Exception:
        failed += 1
        print(f"shard {{shard:04d}}: FAILED", flush=True)
        traceback.print_exc()
        sys.stderr.flush()
print(f"{{failed}} of {n} shards failed", flush=True)
sys.exit(1 if failed else 0)
"""
_MODELS = ["llama-3-8b", "mistral-7b", "vit-l-16", "whisper-medium", "esm2-650m"]
_TITLES = ["sft", "dpo-beta0.1", "pretrain-1b", "asr-finetune", "protein-mlm"]
_NODES = ["gpu-node017", "a100-n04", "cn-g112", "dgx03"]
_CHATTER = [
    "Token indices sequence length is longer than the specified maximum sequence length",
    "UserWarning: Was asked to gather along dimension 0, but all input tensors were scalars",
    "padding side set to left for batched generation; cache hit ratio 0.93 over 512 prompts",
]


def run_fields(rng: random.Random) -> dict[str, Any]:
    """A run's model, title, learning rate, batch size and failing step, seeded (v4, v5)."""
    step = rng.randint(0, 4000)
    return {
        "model": rng.choice(_MODELS),
        "title": rng.choice(_TITLES),
        "lr": rng.choice(["3e-4", "1e-5", "2e-5"]),
        "batch": rng.choice([8, 16, 32]),
        "step": step,
    }


def _scripts(shape: str, rng: random.Random) -> tuple[dict[str, str], str]:
    """Files for the project and the command a user types."""
    fields = run_fields(rng)
    step = fields["step"]
    if shape == "tee-tail":
        total = rng.choice([300, 600, 1200])
        text = _TRAIN_TQDM.format(
            total=total,
            fail_at=rng.randint(20, 90),
            miniters=rng.choice([1, 3]),
            every=rng.choice([10, 20]),
            **fields,
        )
        if rng.random() < 0.6:
            n = rng.choice([20, 40, 60])
            return {"train.py": text}, (
                f"set -o pipefail; mkdir -p logs && python train.py 2>&1 | tee logs/run.log "
                f"| tail -n {n}"
            )
        return {"train.py": text}, (
            "mkdir -p logs && python train.py > logs/train.log 2>&1 || "
            "{ echo '--- last 25 lines ---'; tail -n 25 logs/train.log; exit 1; }"
        )
    if shape == "nohup":
        text = _NOHUP.format(epochs=rng.randint(2, 12), **fields)
        return {"train.py": text}, (
            "mkdir -p logs; nohup python train.py > logs/train.log 2>&1 &\n"
            f"pid=$!; sleep {rng.choice([5, 6])}; tail -n 30 logs/train.log; kill -0 $pid"
        )
    if shape == "timeout":
        text = _PREFETCH.format(
            good=rng.randint(5, 60), shard=rng.randint(0, 31), every=rng.choice([4, 10])
        )
        if rng.random() < 0.5:
            return {"train.py": text}, "timeout 6 python train.py"
        return {"train.py": text}, "timeout -s ABRT 6 python -X faulthandler train.py"
    if shape == "xargs":
        rates = ["1e-4", "3e-4", "1e-3", "3e-3"][: rng.randint(2, 4)]
        steps = rng.choice([200, 500])
        text = _SWEEP_TRIAL.format(steps=steps, every=steps // 10, bad=float(rng.choice(rates)))
        listed = " ".join(rates)
        return {"sweep_trial.py": text}, (
            f"printf '%s\\n' {listed} | xargs -P {len(rates)} -I{{}} python sweep_trial.py --lr {{}}"
        )
    if shape == "bash-x":
        ckpt = f"step-{rng.randint(100, 9000)}"
        files = {"scripts/eval.sh": _EVAL_SH.format(ckpt=ckpt, step=step)}
        return files, rng.choice(
            ["bash -x scripts/eval.sh", f"bash -x scripts/eval.sh ckpt/{ckpt}"]
        )
    if shape == "rich":
        kind = rng.choice(sorted(_RICH))
        text = _RICH[kind].format(locals=rng.choice([True, False]), **fields)
        return {"train.py": text}, "python train.py"
    if shape == "loguru":
        kind = rng.choice(sorted(_LOGURU))
        return {"train.py": _LOGURU[kind].format(**fields)}, "python train.py"
    if shape == "jsonl":
        kind = rng.choice(sorted(_JSONL))
        text = _JSONL[kind].format(
            run_id=f"{rng.getrandbits(32):08x}",
            every=max(1, step // rng.randint(2, 6)),
            node=rng.choice(_NODES),
            **fields,
        )
        return {"train.py": text}, rng.choice(
            ["python train.py", "set -o pipefail; python train.py | tail -n 20"]
        )
    n = rng.randint(180, 400)
    text = _LONG.format(n=n, bad=rng.randint(2, 30), noise=rng.choice(_CHATTER))
    return {"evaluate.py": text}, "python evaluate.py"


def truncate_as_claude(error: str) -> str:
    """What Claude Code hands the hook of a long failure (see `CLAUDE_ERROR_CHARS`)."""
    return error[:CLAUDE_ERROR_CHARS]


def run_env(root: Path, python: str) -> dict[str, str]:
    """The environment a shape runs `root/project` in: `python`'s venv first on PATH, the
    project and its exceptions' packages importable, no colours, no terminal size (v4, v5)."""
    env = {
        **os.environ,
        "PATH": f"{Path(python).parent}:{os.environ['PATH']}",
        "PYTHONPATH": f"{root / 'project'}:{root / 'env'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "OMP_NUM_THREADS": "1",
    }
    for machine_only in ("VIRTUAL_ENV", "COLUMNS", "LINES"):
        env.pop(machine_only, None)
    return env


def run_shape(root: Path, shape: str, python: str, rng: random.Random) -> tuple[str, str]:
    """Run `root/project` in `shape`; (the command a user typed, `Exit code N\\n<output>`)."""
    project = root / "project"
    files, command = _scripts(shape, rng)
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    text = run_bash(project, command, run_env(root, python), 60, other_machine(root, python, rng))
    if shape == "truncated":
        text = truncate_as_claude(text)
    return command, text
