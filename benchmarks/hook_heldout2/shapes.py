"""The ways a run shows the failure of `project.py`'s `run()`, each run for real.

- `tqdm-log`: a training script logs its config, prints real `warnings`, draws a real
  `tqdm` bar (carriage-return redraws, since the output is no terminal) with Trainer-style
  loss dicts, then dies in `run()`;
- `torchrun`: a launcher starts 2-4 worker processes, prefixes their lines with `[rankN]:`
  (as torchrun does), stops the others with SIGTERM when one dies and raises
  `ChildFailedError` with torchrun's failure table;
- `subprocess`: a sweep driver runs trials with `subprocess.run(check=True)`, logs the failed
  child's stderr and lets `CalledProcessError` through;
- `pytest`: a test calls `run()`; pytest prints its failure report;
- `logger`: the script catches the failure and reports it with `logger.exception`.

Every command runs under bash the way Claude Code runs one (never the last command of its
shell, so bash itself reports a kill), and the temporary folder's paths are replaced with
another machine's (a conda env, a venv, dist-packages; a home or scratch folder).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from benchmarks.hook_heldout2 import launcher
from benchmarks.hook_sets.run import run_bash

SHAPES = ("tqdm-log", "torchrun", "subprocess", "pytest", "logger")
PYTEST_PYTHON = sys.executable
ENVS = [
    ("/opt/conda/lib/python3.11/site-packages", "/opt/conda/bin"),
    ("/home/mlee/.venv/lib/python3.10/site-packages", "/home/mlee/.venv/bin"),
    ("/usr/local/lib/python3.10/dist-packages", "/usr/local/bin"),
    ("/opt/conda/envs/train/lib/python3.11/site-packages", "/opt/conda/envs/train/bin"),
]
ROOTS = ["/home/akhan/exp/sft", "/workspace/finetune", "/scratch/jdoe/runs/rm", "/srv/ml/pretrain"]
WARNINGS = [
    ("`torch_dtype` is deprecated! Use `dtype` instead!", "FutureWarning"),
    (
        "None of the inputs have requires_grad=True. Gradients will be None",
        "UserWarning",
    ),
    (
        "To copy construct from a tensor, it is recommended to use sourceTensor.clone()."
        "detach() or sourceTensor.clone().detach().requires_grad_(True), rather than "
        "torch.tensor(sourceTensor).",
        "UserWarning",
    ),
    (
        "The attention mask and the pad token id were not set. As a consequence, you may "
        "observe unexpected behavior. Please pass your input's `attention_mask` to obtain "
        "reliable results.",
        "UserWarning",
    ),
]
LOG_LINES = [
    "`use_cache=True` is incompatible with gradient checkpointing. Setting `use_cache=False`.",
    "Detected kernel version 5.4.0, which is below the recommended minimum of 5.5.0; this "
    "can cause the process to hang. It is recommended to upgrade the kernel to the minimum "
    "version or higher.",
    "Some weights of the model checkpoint were not used when initializing the model: "
    "['lm_head.bias']",
    "Using the `WANDB_DISABLED` environment variable is deprecated and will be removed in v5.",
]

_TQDM = """\
import logging, random, sys, time, warnings
from tqdm import tqdm
from src.pipeline import run

logging.basicConfig(level=logging.INFO, format="%(asctime)s - %(levelname)s - %(name)s - %(message)s")
log = logging.getLogger("__main__")
ARGS = {args!r}
log.info("Training arguments:")
for key, value in ARGS.items():
    log.info("  %s=%s", key, value)
warnings.warn({warning!r}, {category})
log.warning({chatter!r})
rng = random.Random({seed})
bar = tqdm(total={total}, file=sys.stderr, mininterval=0, miniters={miniters})
for step in range({fail_at}):
    time.sleep(0.01)
    bar.update(1)
    if step and step % {every} == 0:
        loss = round(2.5 - step / {total} + rng.random() / 10, 4)
        tqdm.write(str({{"loss": loss, "grad_norm": round(rng.random() * 3, 4),
                         "learning_rate": 2e-05, "epoch": round(step / {total}, 2)}}))
run(step)
"""
_SWEEP = """\
import logging, subprocess, sys

logging.basicConfig(level=logging.INFO, format="[%(asctime)s] %(levelname)s %(message)s")
log = logging.getLogger("sweep")


def launch(trial, lr):
    command = [sys.executable, "train.py", "--lr", str(lr), "--seed", str(trial)]
    log.info("trial %d: %s", trial, " ".join(command[1:]))
    try:
        subprocess.run(command, capture_output=True, text=True, check=True)
    except subprocess.CalledProcessError as failed:
        log.error("trial %d failed (exit %d), child stderr:\\n%s", trial, failed.returncode,
                  failed.stderr)
        raise


def main():
    for trial, lr in enumerate({rates!r}):
        launch(trial, lr)


main()
"""
_CHILD = """\
import sys
from src.pipeline import run

seed = int(sys.argv[sys.argv.index("--seed") + 1])
print(f"seed {{seed}}: loading data", file=sys.stderr)
if seed == {fail_trial}:
    run(seed)
"""
_TEST = """\
from src.pipeline import run


def test_config_defaults():
    assert {{"lr": 2e-5}}["lr"] > 0


def test_{name}():
    out = run(step=0)
    assert out is not None


def test_tokenize_roundtrip():
    assert "a b".split() == ["a", "b"]
"""
_LOGGER = """\
import logging, sys
from src.pipeline import run

logging.basicConfig(
    level=logging.INFO,
    format="%(asctime)s | %(levelname)-8s | %(name)s:%(lineno)d - %(message)s",
)
log = logging.getLogger("{name}")
step = 0
try:
    for step in range({fail_at} + 1):
        if step == {fail_at}:
            run(step)
        log.info("step %d/%d loss=%.4f", step, {total}, 2.0 - step / 1000)
except Exception:
    log.exception("step %d failed; writing emergency checkpoint to checkpoints/last", step)
    sys.exit(1)
"""


def _scripts(shape: str, rng: random.Random) -> tuple[dict[str, str], str, str]:
    """Files for the project, the command a user types, and the one run here."""
    if shape == "tqdm-log":
        warning, category = rng.choice(WARNINGS)
        total = rng.choice([500, 1000, 1250, 3000])
        fields = {
            "args": {
                "model_name_or_path": rng.choice(["Qwen/Qwen2.5-1.5B", "gpt2-medium"]),
                "per_device_train_batch_size": rng.choice([4, 8, 16]),
                "gradient_accumulation_steps": rng.choice([1, 2, 8]),
                "learning_rate": 2e-05,
                "bf16": True,
                "output_dir": "outputs/run-" + str(rng.randint(1, 99)),
            },
            "warning": warning,
            "category": category,
            "chatter": rng.choice(LOG_LINES),
            "seed": rng.randint(0, 999),
            "total": total,
            "fail_at": rng.randint(40, 160),
            "miniters": rng.choice([1, 2, 4]),
            "every": rng.choice([10, 25, 50]),
        }
        return {"train.py": _TQDM.format(**fields)}, "python train.py", "{py} train.py"
    if shape == "torchrun":
        ranks = rng.choice([2, 4])
        files = {"train.py": launcher.SOURCE}
        typed = f"torchrun --nproc_per_node={ranks} train.py"
        fail = rng.choice(["0", "all"])
        return (
            files,
            typed,
            f'FAIL_RANKS={fail} {{py}} "$TORCHRUN" --nproc_per_node={ranks} train.py',
        )
    if shape == "subprocess":
        rates = [1e-4, 3e-4, 1e-3, 3e-3][: rng.randint(1, 4)]
        files = {
            "sweep.py": _SWEEP.format(rates=rates),
            "train.py": _CHILD.format(fail_trial=len(rates) - 1),
        }
        return files, "python sweep.py", "{py} sweep.py"
    if shape == "pytest":
        name = rng.choice(["forward_smoke", "train_one_step", "eval_batch", "generate"])
        files = {"tests/__init__.py": "", "tests/test_pipeline.py": _TEST.format(name=name)}
        return (
            files,
            "python -m pytest tests",
            f"{PYTEST_PYTHON} -m pytest -p no:cacheprovider tests",
        )
    name = rng.choice(["trainer", "train", "finetune.loop"])
    total = rng.choice([200, 500, 1000])
    files = {"main.py": _LOGGER.format(name=name, fail_at=rng.randint(3, 12), total=total)}
    return files, "python main.py", "{py} main.py"


def run_shape(root: Path, shape: str, python: str, rng: random.Random) -> tuple[str, str]:
    """Run `root/project` in `shape`; (the command a user typed, `Exit code N\\n<output>`)."""
    project = root / "project"
    files, typed, command = _scripts(shape, rng)
    if shape == "torchrun":
        launcher.write_torch(root / "env")
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": f"{project}:{root / 'env'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
        "TORCHRUN": f"{root / 'bin' / 'torchrun'}",
    }
    site, bin_dir = rng.choice(ENVS)
    replacements = [
        ("../frames/", "/"),  # pytest shows paths relative to its rootdir
        (str(root / "frames"), ""),
        (str(root / "env"), site),
        (str(root / "bin"), bin_dir),
        (str(project), rng.choice(ROOTS)),
        (python, f"{bin_dir}/python"),
        (PYTEST_PYTHON, f"{bin_dir}/python"),
        (str(Path(python).parent.parent), bin_dir.rsplit("/", 1)[0]),
        (sys.base_prefix, site.split("/lib/")[0]),
    ]
    return typed, run_bash(project, command.format(py=python), env, 120, replacements)
