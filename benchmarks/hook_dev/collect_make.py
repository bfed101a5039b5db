"""`make` targets whose recipe fails, run by real GNU make: the recorded outputs of
`tests/data/make-runs.yaml` (`tests/test_hook_make.py`).

    .venv/bin/python -m benchmarks.hook_dev.collect_make > tests/data/make-runs.yaml

Noise: everyday recipe failures (a lint, an assertion, a missing file, a C compile error, a
missing target, a sub-make). Covered: a training script that prints a dev-registry error and
exits 1, alone and under a sub-make.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

MAKEFILE = """\
.PHONY: train lint test data build sub-train sub-lint
train:
\t@echo "==> training with configs/base.yaml"
\t{python} scripts/train.py configs/base.yaml
lint:
\t{python} -c "import sys; print('would reformat src/model.py'); print('Oh no! 1 file would be reformatted.', file=sys.stderr); sys.exit(1)"
test:
\t{python} -c "rows = [1, 2]; assert len(rows) == 3, 'expected 3 rows'"
data:
\tcp raw/missing.csv data/
build:
\tgcc -c src/fast.c -o build/fast.o
sub-train:
\t$(MAKE) -C sub train
sub-lint:
\t$(MAKE) -C sub lint
"""
TRAIN = """\
import sys
print("step 120 loss 2.31", flush=True)
print("Current loss scale already at minimum - cannot decrease scale anymore. Exiting run.",
      file=sys.stderr)
sys.exit(1)
"""
CASES = {
    "covered-recipe-stderr": ("fp16-nan-loss", "train"),
    "covered-sub-make": ("fp16-nan-loss", "sub-train"),
    "noise-lint": ("noise", "lint"),
    "noise-assert": ("noise", "test"),
    "noise-missing-file": ("noise", "data"),
    "noise-compile": ("noise", "build"),
    "noise-no-target": ("noise", "deploy"),
    "noise-sub-lint": ("noise", "sub-lint"),
}


def main(work: Path) -> list[dict[str, str]]:
    makefile = MAKEFILE.format(python=sys.executable)
    for folder in (work, work / "sub"):
        (folder / "scripts").mkdir(parents=True)
        (folder / "Makefile").write_text(makefile, "utf-8")
        (folder / "scripts/train.py").write_text(TRAIN, "utf-8")
    (work / "src").mkdir()
    (work / "src/fast.c").write_text("int f(void) { return undefined_count + 1; }\n", "utf-8")
    out = []
    for name, (skill, target) in CASES.items():
        run = subprocess.run(
            ["bash", "-c", f"make {target} 2>&1"], cwd=work, capture_output=True, text=True
        )
        text = run.stdout.replace(str(work), "/home/ana/proj").replace(sys.executable, "python")
        out.append(
            {
                "id": name,
                "skill": skill,
                "command": f"make {target}",
                "error": f"Exit code {run.returncode}\n{text}",
            }
        )
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        print(yaml.safe_dump(main(Path(tmp)), sort_keys=True, width=1000, allow_unicode=True))
