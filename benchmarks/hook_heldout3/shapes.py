"""The ways a run shows the failure of `project.py`'s `run()`: nine shapes v2 did not use.

Each is run for real, in a venv with numpy, pandas, scikit-learn, tqdm, hydra-core,
nbconvert/ipykernel, torch (CPU) and accelerate (`--ml-python`):

- `nbconvert`: `jupyter nbconvert --execute` of a notebook whose last cell calls `run()`;
  nbclient's `CellExecutionError` with the cell and the kernel's traceback;
- `accelerate`: `accelerate launch --cpu` (accelerate's `CalledProcessError` after the
  child's traceback) or `--multi_gpu --num_processes N` (torch's real elastic agent:
  `[rankN]:` lines, `ChildFailedError` and its table);
- `slurm`: a batch script logging timestamps and the job id, then `srun --label` (the
  look-alike in `launchers.py`: `N: ` before each task's lines, `srun: error: ...`);
- `pool`: a preprocessing map in worker processes: `concurrent.futures`
  (`_RemoteTraceback`), `multiprocessing.Pool` (`RemoteTraceback`) or joblib's loky;
- `hydra`: a real Hydra app with overrides (single run or `-m` sweep): `Error executing job
  with overrides`, the trimmed traceback, `Set the environment variable HYDRA_FULL_ERROR=1`;
- `make`: `make train` running a `set -euo pipefail` shell script that runs python;
  `make: *** [Makefile:N: train] Error 1`;
- `docker`: `docker compose up [--timestamps] trainer` (look-alike in `launchers.py`);
- `chained`: the failure inside an `except` block of a missing checkpoint (`During handling
  of the above exception...`), wrapped by `raise ... from` (`The above exception was the
  direct cause...`), or followed by a failing emergency save (the failure in the middle);
- `warn-summary`: an evaluation over several tasks with real warnings (scikit-learn's
  `ConvergenceWarning`, pandas' `FutureWarning`...), the failing task's traceback printed
  in the middle, more tasks, then a summary table and exit 1.

The temporary folder's paths are replaced with another machine's, as in v2.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from benchmarks.hook_heldout3 import launchers
from benchmarks.hook_sets.run import run_bash

SHAPES = (
    "nbconvert",
    "accelerate",
    "slurm",
    "pool",
    "hydra",
    "make",
    "docker",
    "chained",
    "warn-summary",
)
ENVS = [  # (site-packages, bin, the standard library's prefix)
    (
        "/opt/conda/envs/ml/lib/python3.11/site-packages",
        "/opt/conda/envs/ml/bin",
        "/opt/conda/envs/ml",
    ),
    (
        "/home/rpatel/miniforge3/lib/python3.11/site-packages",
        "/home/rpatel/miniforge3/bin",
        "/home/rpatel/miniforge3",
    ),
    ("/usr/local/lib/python3.11/dist-packages", "/usr/local/bin", "/usr"),
    (
        "/home/wchen/venvs/llm/lib/python3.11/site-packages",
        "/home/wchen/venvs/llm/bin",
        "/usr/local",
    ),
    (
        "/lustre/fs1/envs/pt/lib/python3.11/site-packages",
        "/lustre/fs1/envs/pt/bin",
        "/lustre/fs1/envs/pt",
    ),
]
ROOTS = [
    "/home/rpatel/code/ranker",
    "/lustre/fs1/wchen/llm-distill",
    "/mnt/work/vision-seg",
    "/home/ubuntu/speech-asr",
    "/gpfs/projects/bio/protein-lm",
]
NODES = ["gpu-node017", "a100-n04", "cn-g112", "dgx03"]

_NOTEBOOK_CELLS = [
    ("markdown", "# Fine-tuning run\nLoads the config, checks the data, then trains."),
    ("code", "import sys, warnings\nsys.path.insert(0, '..')\nfrom src.pipeline import run"),
    ("code", "config = {config!r}\nfor key, value in config.items():\n    print(key, '=', value)"),
    ("code", "warnings.warn({warning!r}, {category})\nprint('data ok:', {rows}, 'rows')"),
    ("code", "result = run(step={step})\nresult"),
]
_WARNINGS = [
    ("Using a slow image processor as `use_fast` is unset.", "UserWarning"),
    ("The default value of `n_init` will change from 10 to 'auto' in 1.4.", "FutureWarning"),
    ("torch.cuda.amp.GradScaler(args...) is deprecated.", "FutureWarning"),
    ("Creating a tensor from a list of numpy.ndarrays is extremely slow.", "UserWarning"),
    ("`resume_download` is deprecated and will be removed in version 1.0.0.", "FutureWarning"),
]
_ACCELERATE = """\
from accelerate import Accelerator
from src.pipeline import run

accelerator = Accelerator()
accelerator.print(f"process {{accelerator.process_index}} of {{accelerator.num_processes}}"
                  f" on {{accelerator.device}}")
accelerator.print("gradient_accumulation_steps={accum} mixed_precision=no")
run({step})
"""
_SLURM_JOB = """\
#!/bin/bash
#SBATCH --job-name={job_name}
#SBATCH --ntasks={ntasks}
#SBATCH --time=24:00:00
set -e
echo "[$(date '+%Y-%m-%d %H:%M:%S')] job $SLURM_JOB_ID ($SLURM_JOB_NAME) on $SLURMD_NODENAME"
echo "[$(date '+%Y-%m-%d %H:%M:%S')] modules: cuda/12.1 nccl/2.18 python/3.11"
srun --label --ntasks={ntasks} python train.py --config configs/{job_name}.yaml
echo "[$(date '+%Y-%m-%d %H:%M:%S')] done"
"""
_SLURM_TRAIN = """\
import os, sys
from src.pipeline import run

task = int(os.environ["SLURM_PROCID"])
print(f"task {{task}}: loading {{sys.argv[-1]}}", flush=True)
if task == 0 or {all_fail}:
    run(task)
import time
time.sleep(30)
"""
_POOL = {
    "futures": """\
from concurrent.futures import ProcessPoolExecutor
from src.pipeline import run


def process(shard):
    if shard == {bad}:
        run(shard)
    return shard


if __name__ == "__main__":
    print("tokenizing {n} shards with 2 workers", flush=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        for done in pool.map(process, range({n})):
            print(f"shard {{done:05d}} done", flush=True)
""",
    "multiprocessing": """\
import multiprocessing as mp
from src.pipeline import run


def process(shard):
    if shard == {bad}:
        run(shard)
    return shard


if __name__ == "__main__":
    print("featurizing {n} shards", flush=True)
    with mp.Pool(2) as pool:
        for done in pool.imap(process, range({n})):
            print(f"shard {{done}} ok", flush=True)
""",
    "joblib": """\
from joblib import Parallel, delayed
from src.pipeline import run


def process(shard):
    if shard == {bad}:
        run(shard)
    return shard


if __name__ == "__main__":
    out = Parallel(n_jobs=2, verbose=5)(delayed(process)(s) for s in range({n}))
    print(len(out), "shards")
""",
}
_HYDRA_CONF = """\
trainer:
  lr: 0.0001
  max_steps: 10000
  precision: bf16
data:
  root: /data/corpus
  batch_size: 32
model:
  name: {model}
"""
_HYDRA_APP = """\
import logging
import hydra
from omegaconf import DictConfig
from src.pipeline import run

log = logging.getLogger(__name__)


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    log.info("model=%s lr=%s batch_size=%s", cfg.model.name, cfg.trainer.lr, cfg.data.batch_size)
    run({step})


if __name__ == "__main__":
    main()
"""
_MAKEFILE = """\
CONFIG ?= configs/base.yaml
PYTHON ?= python

.PHONY: data train

data:
\t@echo "==> data ready"

train: data
\t./scripts/train.sh $(CONFIG)
"""
_TRAIN_SH = """\
#!/usr/bin/env bash
set -euo pipefail
config="$1"
echo "==> training with $config on $(hostname -s)"
export TOKENIZERS_PARALLELISM=false
python -c "from src.pipeline import run; run({step})"
echo "==> training finished"
"""
_DOCKER_TRAIN = """\
import logging, sys
from src.pipeline import run

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
logging.getLogger("entrypoint").info("starting worker for %s", sys.argv[1:])
print("CUDA_VISIBLE_DEVICES=0,1", flush=True)
run({step})
"""
_CHAINED = {
    "context": """\
import json
from src.pipeline import run

try:
    state = json.load(open("checkpoints/{ckpt}/trainer_state.json"))
except FileNotFoundError:
    print("no checkpoint found, starting from scratch", flush=True)
    run(0)
""",
    "cause": """\
from src.pipeline import run


class TrainingFailed(RuntimeError):
    pass


for epoch in range({epochs}):
    try:
        run(epoch)
    except Exception as failure:
        raise TrainingFailed(f"epoch {{epoch}} failed") from failure
""",
    "cleanup": """\
import json
from src.pipeline import run

state = {{"step": {step}, "seen_ids": {{1, 2, 3}}}}
try:
    run(state["step"])
except BaseException:
    with open("emergency_state.json", "w") as out:
        json.dump(state, out)
    raise
""",
}
_WARN_SUMMARY = """\
import sys, traceback, warnings
import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from src.pipeline import run

TASKS = {tasks!r}
rng = np.random.default_rng({seed})
results = {{}}
for task in TASKS:
    print(f"== {{task}}", flush=True)
    X = rng.normal(size=(60, 5))
    y = (X[:, 0] + rng.normal(size=60) > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        model = LogisticRegression(max_iter=2).fit(X, y)
        frame = pd.DataFrame({{"score": model.predict_proba(X)[:, 1]}})
        frame.fillna(value=0, inplace=True)
        warnings.warn("Metric `f1` computed on fewer than 100 examples", UserWarning)
    sys.stderr.flush()
    try:
        if task == TASKS[{bad}]:
            run({step})
        results[task] = ("ok", round(float(frame.score.mean()), 4))
    except BaseException as failure:
        traceback.print_exc()
        sys.stderr.flush()
        results[task] = ("FAILED", type(failure).__name__)
print()
print("| task | status | value |")
print("|------|--------|-------|")
for task, (status, value) in results.items():
    print(f"| {{task}} | {{status}} | {{value}} |")
failed = sum(status != "ok" for status, _ in results.values())
print(f"{{failed}}/{{len(TASKS)}} tasks failed")
sys.exit(1 if failed else 0)
"""
_TASKS = ["hellaswag", "arc_easy", "boolq", "piqa", "winogrande", "mmlu_stem", "gsm8k"]


def _notebook(rng: random.Random) -> dict[str, object]:
    warning, category = rng.choice(_WARNINGS)
    fields = {
        "config": {
            "model": rng.choice(["resnet50", "vit_b_16", "bert-base-uncased"]),
            "lr": rng.choice([1e-4, 3e-4, 5e-5]),
            "epochs": rng.randint(3, 30),
        },
        "warning": warning,
        "category": category,
        "rows": rng.randint(1000, 90000),
        "step": rng.randint(0, 500),
    }
    cells = []
    for kind, source in _NOTEBOOK_CELLS:
        cell: dict[str, object] = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            cell.update(source=source.format(**fields), outputs=[], execution_count=None)
        cells.append(cell)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _scripts(shape: str, rng: random.Random, kind: str) -> tuple[dict[str, str], str]:
    """Files for the project and the command, run as a user types it (PATH set). A worker
    of `multiprocessing.Pool` or loky that exits or is killed hangs its pool for good, so
    such failures (`kind` other than `exception`) use `concurrent.futures`."""
    step = rng.randint(0, 4000)
    if shape == "nbconvert":
        name = rng.choice(["train", "01-finetune", "explore_embeddings"])
        files = {f"notebooks/{name}.ipynb": json.dumps(_notebook(rng), indent=1)}
        out = rng.choice(["--inplace", "--output executed.ipynb"])
        return files, f"jupyter nbconvert --to notebook --execute notebooks/{name}.ipynb {out}"
    if shape == "accelerate":
        files = {"train.py": _ACCELERATE.format(accum=rng.choice([1, 4, 16]), step=step)}
        if rng.random() < 0.5:
            return files, "accelerate launch --cpu train.py"
        procs = rng.choice([2, 4])
        return files, f"accelerate launch --multi_gpu --num_processes {procs} train.py"
    if shape == "slurm":
        job_name = rng.choice(["sft-7b", "pretrain", "dpo-sweep", "eval-long"])
        ntasks = rng.choice([1, 2, 4])
        files = {
            "job.sh": _SLURM_JOB.format(job_name=job_name, ntasks=ntasks),
            "train.py": _SLURM_TRAIN.format(all_fail=rng.choice([True, False])),
        }
        job, node = rng.randint(1000000, 9999999), rng.choice(NODES)
        env = f"SLURM_JOB_ID={job} SLURM_JOB_NAME={job_name} SLURMD_NODENAME={node}"
        return files, f"{env} bash job.sh"
    if shape == "pool":
        pool = rng.choice(sorted(_POOL)) if kind == "exception" else "futures"
        n = rng.randint(6, 40)
        files = {"prepare.py": _POOL[pool].format(bad=rng.randint(2, n - 1), n=n)}
        return files, "python prepare.py"
    if shape == "hydra":
        model = rng.choice(["llama-3-8b", "t5-large", "whisper-small", "esm2_t33"])
        files = {
            "conf/config.yaml": _HYDRA_CONF.format(model=model),
            "train.py": _HYDRA_APP.format(step=step),
        }
        lr = rng.choice(["3e-4", "1e-5", "0.002"])
        batch = rng.choice([8, 16, 64])
        if rng.random() < 0.3:
            return files, f"python train.py -m trainer.lr={lr},1e-4 data.batch_size={batch}"
        return files, f"python train.py trainer.lr={lr} data.batch_size={batch}"
    if shape == "make":
        files = {"Makefile": _MAKEFILE, "scripts/train.sh": _TRAIN_SH.format(step=step)}
        config = rng.choice(["configs/base.yaml", "configs/large.yaml", "configs/ablation.yaml"])
        return files, rng.choice(["make train", f"make train CONFIG={config}"])
    if shape == "docker":
        files = {"worker.py": _DOCKER_TRAIN.format(step=step)}
        flags = rng.choice(["", "--timestamps "])
        args = rng.choice(["--epochs 3", "--config /app/configs/prod.yaml", "--resume"])
        cmd = f"DOCKER_CMD='python worker.py {args}' docker compose up {flags}trainer"
        return files, cmd
    if shape == "chained":
        chain = rng.choice(sorted(_CHAINED))
        text = _CHAINED[chain].format(
            ckpt=f"checkpoint-{rng.randint(100, 9000)}", epochs=rng.randint(2, 9), step=step
        )
        return {"train.py": text}, "python train.py"
    tasks = rng.sample(_TASKS, rng.randint(3, 5))
    text = _WARN_SUMMARY.format(
        tasks=tasks, seed=rng.randint(0, 99), bad=rng.randrange(len(tasks) - 1), step=step
    )
    return {"evaluate.py": text}, "python evaluate.py"


def other_machine(root: Path, python: str, rng: random.Random) -> list[tuple[str, str]]:
    """The scratch folders' paths and `python`'s venv as another machine's (`ENVS`, `ROOTS`)."""
    site, bin_dir, base = rng.choice(ENVS)
    venv = str(Path(python).parent.parent)
    return [
        ("../frames/", "/"),
        (str(root / "frames"), ""),
        (str(root / "env"), site),
        (str(root / "bin"), bin_dir),
        (str(root / "project"), rng.choice(ROOTS)),
        (f"{venv}/lib/python3.11/site-packages", site),
        (f"{venv}/bin", bin_dir),
        (venv, bin_dir.rsplit("/", 1)[0]),
        (sys.base_prefix, base),
        (str(root), "/tmp/job"),
    ]


def run_shape(
    root: Path, shape: str, python: str, rng: random.Random, kind: str = "exception"
) -> tuple[str, str]:
    """Run `root/project` in `shape`; (the command a user typed, `Exit code N\\n<output>`).
    `kind` is the failure's (`project.Failure.kind`)."""
    project = root / "project"
    files, command = _scripts(shape, rng, kind)
    launchers.write_launchers(root / "bin", python)
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
        if name.endswith(".sh"):
            (project / name).chmod(0o755)
    venv_bin = str(Path(python).parent)
    env = {
        **os.environ,
        "PATH": f"{root / 'bin'}:{venv_bin}:{os.environ['PATH']}",
        "PYTHONPATH": f"{project}:{root / 'env'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
        "HF_HOME": str(root / "hf"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTER_DATA_DIR": str(root / "jupyter"),
        "IPYTHONDIR": str(root / "ipython"),
        "OMP_NUM_THREADS": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    text = run_bash(project, command, env, 150, other_machine(root, python, rng))
    typed = command.split("' docker", 1)[-1] if shape == "docker" else command
    if shape == "docker":
        typed = "docker" + typed
    return typed, text
