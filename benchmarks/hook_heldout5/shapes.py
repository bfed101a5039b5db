"""The ways a run shows the failure of `hook_heldout2.project`'s `run()`: ten shapes no
earlier set (v1-v4, by their READMEs) used, each run for real in a venv with torch,
lightning, fastapi/uvicorn, nox, rust-just and pytest (`--ml-python`), and Python 3.13
for the coloured tracebacks (`--py313`):

- `dataloader`: torch's `DataLoader(num_workers>0)`, the dataset failing in a worker
  process; the main process re-raises it (`Caught X in DataLoader worker process N.`,
  `Original Traceback (most recent call last):`);
- `taskgroup`: an `asyncio.TaskGroup` whose step task fails, Python 3.11's boxed
  `ExceptionGroup` traceback (`  | ` margins, `+-+---- 1 ----`), sometimes with a second
  sub-exception after it (a metrics task failing to flush when it is cancelled);
- `ansi`: Python 3.13's coloured traceback (`FORCE_COLOR=1` or `PYTHON_COLORS=1`, no tty):
  ANSI codes inside the exception line;
- `crlf`: a log made on a Windows machine (CRLF endings, `C:\\` paths), shown by the team's
  log tool (`python tools/show_log.py`), which exits 1 when the run did not finish;
- `unittest`: `python -m unittest` (`ERROR: test_x (...)`, the `----` and `====` rules,
  `FAILED (errors=1)`);
- `uvicorn`: a FastAPI app loading its model at startup (`ERROR:    Traceback`,
  `Application startup failed. Exiting.`, exit 3);
- `nox`: a `nox` session running the training (`nox > Command python train.py failed with
  exit code 1`, `nox > Session train failed.`);
- `just`: a `justfile` recipe (`error: Recipe `train` failed on line N with exit code 1`);
- `timed`: `time python ...` (bash's `real/user/sys` after the traceback) or
  `/usr/bin/time -v` (`Command exited with non-zero status 1` and 20 lines of counters);
- `lightning`: a Lightning `Trainer.fit` (its banner, the model summary table, the epoch
  bar) failing inside `training_step`, the traceback through Lightning's loops;
- `pytest-tb`: pytest with `--tb=short` or `--tb=line` around the training function (v2's
  pytest shape printed the long report).

The crlf log is made by running the project here and writing its output as Windows' text
mode writes it (no Windows machine here); every other output is the command's own.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

from benchmarks.hook_heldout3.shapes import other_machine
from benchmarks.hook_heldout4.shapes import run_env, run_fields, truncate_as_claude
from benchmarks.hook_sets.run import run_bash

SHAPES = (
    "dataloader",
    "taskgroup",
    "ansi",
    "crlf",
    "unittest",
    "uvicorn",
    "nox",
    "just",
    "timed",
    "lightning",
    "pytest-tb",
)

_DATALOADER = """\
import torch
from torch.utils.data import DataLoader, Dataset
from src.pipeline import run


class Shards(Dataset):
    def __len__(self):
        return {n}

    def __getitem__(self, index):
        if index == {bad}:
            run(index)
        return torch.full(({width},), float(index))


if __name__ == "__main__":
    loader = DataLoader(Shards(), batch_size={batch}, num_workers={workers}, shuffle=False)
    for step, batch in enumerate(loader):
        if step % {every} == 0:
            print(f"step {{step}}: batch mean {{batch.mean():.3f}}", flush=True)
"""
_TASKGROUP = """\
import asyncio
from src.pipeline import run


async def prefetch(shard):
    await asyncio.sleep(0.01 * shard)
    print(f"prefetched shard {{shard}}", flush=True)


async def report(url):
    try:
        while True:
            await asyncio.sleep(0.01)
    finally:
        {second}


async def step(number):
    await asyncio.sleep(0.05)
    {call}


async def main():
    async with asyncio.TaskGroup() as group:
        for shard in range({shards}):
            group.create_task(prefetch(shard))
        group.create_task(report("http://metrics.internal:9091"))
        group.create_task(step({step}))


asyncio.run(main())
"""
_SECOND = [
    "print(f'flushed metrics to {url}', flush=True)",
    "raise ConnectionResetError(f'{url}: connection reset by peer')",
]
_CALLS = ["run(number)", "await asyncio.to_thread(run, number)"]
_PLAIN = """\
import sys
from src.pipeline import run

print("{title}: model={model} lr={lr} batch={batch}", flush=True)
for epoch in range({epochs}):
    print(f"epoch {{epoch}}: loss {{2.4 - epoch * 0.3:.3f}}", flush=True)
run({step})
print("training finished", flush=True)
"""
_SHOW_LOG = """\
\"\"\"Print the end of a run's log; exit 1 when the run failed.\"\"\"
import sys

data = open(sys.argv[1], "rb").read()
lines = data.split(b"\\n")
keep = int(sys.argv[2]) if len(sys.argv) > 2 else 60
sys.stdout.buffer.write(b"\\n".join(lines[-keep:]))
if b"training finished" not in data:
    sys.exit(f"show_log: {sys.argv[1]}: the run did not finish")
"""
_UNITTEST = """\
import unittest

from src.pipeline import run


class {klass}(unittest.TestCase):
    def test_config_loads(self):
        self.assertEqual({batch} % 8, 0)

    def test_one_step(self):
        run({step})

    def test_tokenizer_roundtrip(self):
        self.assertEqual("a b".split(), ["a", "b"])
"""
_SERVE = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from src.pipeline import run


@asynccontextmanager
async def lifespan(app):
    print("loading {model} ...", flush=True)
    run({step})
    yield


app = FastAPI(lifespan=lifespan)


@app.post("/generate")
async def generate(prompt: str):
    return {{"text": prompt}}
"""
_NOXFILE = """\
import nox

nox.options.default_venv_backend = "none"


@nox.session
def {session}(session):
    session.run("python", "train.py", "--epochs", "{epochs}")
"""
_ARGV_TRAIN = """\
import argparse
from src.pipeline import run

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=1)
parser.add_argument("--lr", default="3e-4")
args = parser.parse_args()
for epoch in range(args.epochs):
    print(f"epoch {{epoch}} lr {{args.lr}}: loss {{2.2 - epoch * 0.25:.3f}}", flush=True)
run({step})
"""
_JUSTFILE = """\
set shell := ["bash", "-uc"]

lr := "{lr}"

default:
    @just --list

# one training run
train *ARGS:
    mkdir -p runs
    python train.py --lr {{{{lr}}}} {{{{ARGS}}}}
"""
_LIGHTNING = """\
import torch
import lightning as L
from torch.utils.data import DataLoader, TensorDataset
from src.pipeline import run


class Regressor(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU())
        self.head = torch.nn.Linear(32, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        if batch_idx == {bad}:
            run(self.global_step)
        loss = torch.nn.functional.mse_loss(self.head(self.encoder(x)), y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr={lr})


if __name__ == "__main__":
    torch.manual_seed(0)
    data = TensorDataset(torch.randn({n}, 8), torch.randn({n}, 1))
    trainer = L.Trainer(max_epochs=1, accelerator="cpu", logger=False,
                        enable_checkpointing=False{extra})
    trainer.fit(Regressor(), DataLoader(data, batch_size={batch}))
"""
_PYTEST = """\
from src.pipeline import run


def test_loss_is_finite():
    assert abs(2.3 - 2.29) < 0.1


def test_train_step():
    run({step})
"""
_WINDOWS_ROOTS = [
    "C:\\Users\\mlee\\code\\ocr-finetune",
    "D:\\work\\lm-distill",
    "C:\\Users\\pgarcia\\Documents\\thesis\\segmentation",
]
_WINDOWS_SITES = [
    "C:\\Users\\mlee\\miniconda3\\envs\\ml\\Lib\\site-packages",
    "C:\\Python311\\Lib\\site-packages",
]
_FILE = re.compile(r'File "([^"]+)"')


def _scripts(shape: str, rng: random.Random) -> tuple[dict[str, str], str]:
    """Files for the project and the command a user types."""
    fields = {**run_fields(rng), "epochs": rng.randint(1, 4)}
    step = fields["step"]
    if shape == "dataloader":
        n = rng.randint(40, 200)
        text = _DATALOADER.format(
            n=n,
            bad=rng.randint(0, n - 1),
            width=rng.choice([4, 16]),
            batch=rng.choice([2, 4, 8]),
            workers=rng.choice([1, 2]),
            every=rng.choice([1, 5]),
        )
        return {"train.py": text}, "python train.py"
    if shape == "taskgroup":
        text = _TASKGROUP.format(
            shards=rng.randint(2, 6), second=rng.choice(_SECOND), call=rng.choice(_CALLS), step=step
        )
        return {"train.py": text}, "python train.py"
    if shape == "ansi":
        return {"train.py": _PLAIN.format(**fields)}, "python train.py"
    if shape == "crlf":
        files = {"tools/show_log.py": _SHOW_LOG, "train.py": _PLAIN.format(**fields)}
        return files, rng.choice(
            [
                "python tools/show_log.py logs/win-run.log",
                f"python tools/show_log.py logs/win-run.log {rng.choice([20, 40])}",
            ]
        )
    if shape == "unittest":
        klass = rng.choice(["TrainSmokeTest", "PipelineTest", "StepTest"])
        files = {
            "tests/__init__.py": "",
            "tests/test_smoke.py": _UNITTEST.format(klass=klass, **fields),
        }
        return files, rng.choice(
            ["python -m unittest -v tests.test_smoke", "python -m unittest discover -s tests -t ."]
        )
    if shape == "uvicorn":
        port = rng.randint(8001, 8999)
        return {"serve.py": _SERVE.format(**fields)}, rng.choice(
            [
                f"uvicorn serve:app --port {port}",
                f"python -m uvicorn serve:app --host 0.0.0.0 --port {port}",
            ]
        )
    if shape == "nox":
        session = rng.choice(["train", "smoke", "finetune"])
        files = {"noxfile.py": _NOXFILE.format(session=session, **fields)}
        files["train.py"] = _ARGV_TRAIN.format(**fields)
        return files, f"nox -s {session}"
    if shape == "just":
        files = {"justfile": _JUSTFILE.format(**fields), "train.py": _ARGV_TRAIN.format(**fields)}
        return files, rng.choice(["just train", f"just train --epochs {fields['epochs']}"])
    if shape == "timed":
        command = rng.choice(["time python train.py", "/usr/bin/time -v python train.py"])
        return {"train.py": _PLAIN.format(**fields)}, command
    if shape == "lightning":
        n = rng.choice([256, 512])
        extra = rng.choice(["", ", enable_progress_bar=False", ", log_every_n_steps=5"])
        text = _LIGHTNING.format(bad=rng.randint(0, 7), n=n, extra=extra, **fields)
        return {"train.py": text}, "python train.py"
    tb = rng.choice(["short", "line"])
    files = {"tests/test_train.py": _PYTEST.format(**fields)}
    return files, rng.choice(
        [
            f"python -m pytest -x --tb={tb} tests/test_train.py",
            f"pytest -q --tb={tb} -p no:cacheprovider tests",
        ]
    )


def _windows(text: str, pairs: list[tuple[str, str]]) -> str:
    """The run's output as the same run on Windows prints it: its folders as Windows ones,
    backslashes in the traceback's file names, CRLF line ends."""
    for old, new in pairs:
        text = text.replace(old, new)
    text = _FILE.sub(lambda found: 'File "' + found.group(1).replace("/", "\\") + '"', text)
    return text.replace("\n", "\r\n")


def _env(root: Path, python: str, shape: str, rng: random.Random) -> dict[str, str]:
    """v4's environment, with HOME in the scratch folder; `ansi` gets colours forced."""
    env = {**run_env(root, python), "HOME": str(root / "home")}
    for machine_only in ("FORCE_COLOR", "PYTHON_COLORS"):
        env.pop(machine_only, None)
    if shape == "ansi":
        env.pop("NO_COLOR")
        env["TERM"] = "xterm-256color"
        env[rng.choice(["FORCE_COLOR", "PYTHON_COLORS"])] = "1"
    return env


def run_shape(
    root: Path, shape: str, python: str, py313: str, rng: random.Random
) -> tuple[str, str]:
    """Run `root/project` in `shape`; (the command a user typed, `Exit code N\\n<output>`).
    `py313`: the Python 3.13 venv's interpreter (`ansi`)."""
    project = root / "project"
    (root / "home").mkdir(exist_ok=True)
    files, command = _scripts(shape, rng)
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    runner = py313 if shape == "ansi" else python
    pairs = other_machine(root, runner, rng)
    if shape == "ansi":
        pairs.append((str(Path(os.path.realpath(py313)).parent.parent), "/usr/local"))
    env = _env(root, runner, shape, rng)
    if shape == "crlf":
        made = run_bash(project, "python train.py", env, 60)
        windows = [
            ("../frames/", "C:/"),
            (str(root / "frames"), "C:"),
            (str(root / "env"), rng.choice(_WINDOWS_SITES)),
            (str(project), rng.choice(_WINDOWS_ROOTS)),
            (str(root), "C:\\Users\\mlee\\AppData\\Local\\Temp\\job"),
        ]
        log = _windows(made.split("\n", 1)[1] + "\n", windows)
        (project / "logs").mkdir(exist_ok=True)
        (project / "logs/win-run.log").write_bytes(log.encode("utf-8"))
    text = run_bash(project, command, env, 90, pairs)
    return command, truncate_as_claude(text)
