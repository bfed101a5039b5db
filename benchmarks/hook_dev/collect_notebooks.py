"""Notebooks whose last cell fails, run by real `jupyter nbconvert --execute`: the recorded
outputs of `tests/data/notebook-runs.yaml` (`tests/test_hook_cells.py`).

    python3 -m venv /tmp/nbenv && /tmp/nbenv/bin/pip install nbconvert nbclient ipykernel
    .venv/bin/python -m benchmarks.hook_dev.collect_notebooks /tmp/nbenv > tests/data/notebook-runs.yaml

Noise: everyday notebook mistakes (no registry quotes them). Covered: a dev-registry error
raised under a class name without its module, and one printed to stderr before `sys.exit(1)`.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

CELLS = {
    "noise-keyerror": ("noise", "metrics = {'loss': 0.3}\nmetrics['accuracy']"),
    "noise-missing-file": ("noise", "open('data/missing.csv').read()"),
    "noise-nameerror": ("noise", "total = undefined_batches + 1"),
    "noise-usage-exit": (
        "noise",
        "import sys\nprint('usage: train.py --data DIR', file=sys.stderr)\nsys.exit(2)",
    ),
    "noise-no-module": ("noise", "import pandas as pd\npd.read_csv('x.csv')"),
    "noise-assert": ("noise", "rows = [1, 2]\nassert len(rows) == 3, 'expected 3 rows'"),
    "noise-zero-division": ("noise", "scores = []\nmean = sum(scores) / len(scores)"),
    "noise-custom-class": ("noise", "class Stop(Exception):\n    pass\n\nraise Stop('bad config')"),
    "noise-warning-exit": (
        "noise",
        "import sys, warnings\nwarnings.warn('old API')\nprint('3 checks failed', file=sys.stderr)\nsys.exit(1)",
    ),
    "covered-class-name": (
        "torch-compile-inductor",
        "class OutOfResources(Exception):\n    pass\n\ndef launch():\n    raise OutOfResources('out of resource: shared memory, Required: 98304, Hardware limit: 65536. Reducing block sizes or `num_stages` may help.')\n\nlaunch()",
    ),
    "covered-stderr-exit": (
        "fp16-nan-loss",
        "import sys\nprint('step 120 loss 2.31', file=sys.stderr)\nprint('Current loss scale already at minimum - cannot decrease scale anymore. Exiting run.', file=sys.stderr)\nsys.exit(1)",
    ),
}


def main(env: str, work: str) -> None:
    out = []
    for name, (skill, source) in CELLS.items():
        nb = {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": "import math\nmath.pi",
                    "id": "a1",
                },
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": source,
                    "id": "a2",
                },
            ],
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        path = f"{work}/{name}.ipynb"
        Path(path).write_text(json.dumps(nb), "utf-8")
        run = subprocess.run(
            [
                "bash",
                "-c",
                f"cd {work} && {env}/bin/jupyter nbconvert --to notebook --execute {name}.ipynb --output out-{name}.ipynb 2>&1",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PATH": f"{env}/bin:" + os.environ["PATH"]},
        )
        out.append(
            {
                "id": name,
                "skill": skill,
                "command": f"jupyter nbconvert --to notebook --execute {name}.ipynb",
                "error": f"Exit code {run.returncode}\n"
                + run.stdout.replace(env, "/home/ana/venvs/nb").replace(
                    work, "/home/ana/proj/notebooks"
                ),
            }
        )
    print(yaml.safe_dump(out, sort_keys=True, width=1000, allow_unicode=True))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        main(sys.argv[1], tmp)
