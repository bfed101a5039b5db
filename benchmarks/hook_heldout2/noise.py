"""Everyday development failures for the noise set, each a command run for real.

`fixtures(folder)` lays out a small project: a git repository with two diverged branches,
C, C++, Java, Rust and Node sources with mistakes, a Makefile, failing pytest tests, a typed
module with mypy and ruff findings, a few data files, and three tiny wheels whose versions
conflict (for pip's resolver, offline). `COMMANDS` are what a developer types; none is taken
from `hook_dev/noise.yaml` or `hook_heldout/noise.yaml` (the collector checks).
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import zipfile
from pathlib import Path

FILES = {
    "notes.txt": "base\n",
    "metrics.jsonl": '{"step": 1, "loss": 2.1}\n{"step": 2, "loss": 1.9}\n',
    "results.json": '{"accuracy": 0.91, "f1": 0.88\n',
    "config.toml": '[train]\nlr = 3e-4\nepochs = "ten\n',
    "labels.tsv": "id\tlabel\n1\tcat\n2\tdog\n",
    "average.py": (
        "import sys\n\n\ndef mean(values):\n    return sum(values) / len(values)\n\n\n"
        "scores = [float(x) for x in sys.argv[1:]]\nprint(f'mean score: {mean(scores):.3f}')\n"
    ),
    "settings.py": (
        "import json\n\nDEFAULTS = {'batch_size': 32, 'epochs': 3}\n\n\n"
        "def get(name):\n    return DEFAULTS[name]\n\n\nprint(get('learning_rate'))\n"
    ),
    "report.py": (
        "import json\n\nwith open('results.json') as f:\n    results = json.load(f)\n"
        "print(results['accuracy'])\n"
    ),
    "parse_log.py": (
        "import re\n\nline = 'epoch=3 loss=nan'\nmatch = re.search(r'acc=(\\d+\\.\\d+)', line)\n"
        "print(float(match.group(1)))\n"
    ),
    "first_row.py": "rows = open('labels.tsv').read().splitlines()[1:]\nprint(rows[5])\n",
    "read_bin.py": "print(open('blob.bin').read())\n",
    "counter.py": (
        "total = 0\n\n\ndef add(n):\n    total += n\n    return total\n\n\nprint(add(3))\n"
    ),
    "shapes.py": (
        "class Box:\n    def __init__(self, w, h):\n        self.w, self.h = w, h\n\n\n"
        "print(Box(3).area())\n"
    ),
    "fstring.py": "name = 'x'\nprint(f'value: {name!}')\n",
    "loader.py": "import utils_missing\n\nutils_missing.load()\n",
    "cfg.py": "import tomllib\n\nwith open('config.toml', 'rb') as f:\n    print(tomllib.load(f))\n",
    "check_env.py": "import os\n\nprint(os.environ['WANDB_PROJECT'])\n",
    "test_utils.py": (
        "import pytest\n\n\ndef normalize(text):\n    return text.strip()\n\n\n"
        "def test_normalize_lower():\n    assert normalize('  Hello ') == 'hello'\n\n\n"
        "def test_dict_merge():\n    assert {'a': 1, 'b': 2} == {'a': 1, 'b': 3}\n\n\n"
        "def test_close():\n    assert 0.1 + 0.2 == pytest.approx(0.35)\n\n\n"
        "def test_raises():\n    with pytest.raises(ValueError):\n        int('12')\n\n\n"
        "@pytest.mark.parametrize('n', [1, 2, 3])\ndef test_even(n):\n    assert n % 2 == 0\n\n\n"
        "def test_fixture(tmp_dir_missing):\n    assert tmp_dir_missing\n"
    ),
    "test_import.py": "from app.missing import thing\n\n\ndef test_thing():\n    assert thing\n",
    "typed.py": (
        "from typing import Optional\n\n\ndef size(name: str) -> int:\n    return len(name)\n\n\n"
        "count: int = 'three'\nsize(3)\n\n\ndef first(xs: list[str]) -> Optional[str]:\n"
        "    return xs[0] if xs else None\n\n\nprint(first(['a']).upper())\n"
    ),
    "lint_me.py": "import os\nimport sys\n\n\ndef f():\n    return undefined_thing + 1\n",
    "style.py": "x = {  'a':1,'b' :2 }\ndef g( a,b ):\n  return a+b\n",
    "main.c": (
        "#include <stdio.h>\n\nint main(void) {\n  int total = 0;\n  for (int i = 0; i < 3; i++)\n"
        '    totl += i;\n  printf("%d\\n", total);\n  return 0;\n}\n'
    ),
    "segv.c": '#include <stdio.h>\nint main(void) { int *p = 0; printf("%d\\n", *p); }\n',
    "proto.c": "int main(void) { return compute(2, 3); }\n",
    "vec.cpp": (
        "#include <map>\n#include <string>\nstruct Key { int id; };\n"
        'int main() { std::map<Key, std::string> m; m[Key{1}] = "a"; }\n'
    ),
    "nsvec.cpp": "int main() { vector<int> v{1, 2}; return v.size(); }\n",
    "Train.java": (
        "public class Train {\n  public static void main(String[] args) {\n"
        "    System.out.println(epochs);\n  }\n}\n"
    ),
    "Null.java": (
        "public class Null {\n  public static void main(String[] a) {\n"
        "    String s = null;\n    System.out.println(s.length());\n  }\n}\n"
    ),
    "rs/Cargo.toml": '[package]\nname = "rs"\nversion = "0.1.0"\nedition = "2021"\n',
    "rs/src/main.rs": (
        'fn main() {\n    let v = vec![1, 2, 3];\n    let w = v;\n    println!("{:?}", v);\n}\n'
    ),
    "rs2/Cargo.toml": '[package]\nname = "rs2"\nversion = "0.1.0"\nedition = "2021"\n',
    "rs2/src/main.rs": 'fn main() {\n    let v: Vec<i32> = Vec::new();\n    println!("{}", v[3]);\n}\n',
    "js/package.json": '{"name": "web", "version": "1.0.0", "scripts": {"test": "node test.js"}}\n',
    "js/test.js": "const assert = require('assert');\nassert.strictEqual(1 + 1, 3);\n",
    "js/undef.js": "const cfg = {};\nconsole.log(cfg.server.port);\n",
    "mk/Makefile": "build:\n    gcc -o app app.c\n",
    "mk2/Makefile": "app: app.c\n\tgcc -o app app.c\n",
    "mk2/app.c": "int main(void) { return undefined_fn(); }\n",
    "scripts/prepare_data.sh": "#!/bin/bash\necho preparing\n",
    "broken.sh": "#!/bin/bash\nfor f in *.txt; do\n  echo $f\n",
    "blob.bin": "",
    "bad.patch": "--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-nothing here\n+changed\n",
}


def _wheel(folder: Path, name: str, version: str, requires: list[str]) -> None:
    """A minimal, valid wheel (PEP 427) so pip's resolver runs offline on real files."""
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": "",
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: {}\nVersion: {}\n{}".format(
            name, version, "".join(f"Requires-Dist: {r}\n" for r in requires)
        ),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as whl:
        for path, text in files.items():
            whl.writestr(path, text)


def fixtures(folder: Path) -> None:
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "blob.bin").write_bytes(bytes(range(128, 256)))
    wheels = folder / "wheels"
    wheels.mkdir()
    _wheel(wheels, "evalkit", "1.0", ["tensorlib<2"])
    _wheel(wheels, "tensorlib", "1.5", [])
    _wheel(wheels, "tensorlib", "2.1", [])
    git = ["git", "-c", "user.name=Dev", "-c", "user.email=dev@example.com"]
    steps = [
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "notes.txt"],
        [*git, "commit", "-qm", "base"],
        ["git", "checkout", "-qb", "feature"],
        ["sh", "-c", "echo feature > notes.txt"],
        [*git, "commit", "-qam", "feature edit"],
        ["git", "checkout", "-q", "main"],
        ["sh", "-c", "echo main > notes.txt"],
        [*git, "commit", "-qam", "main edit"],
    ]
    for step in steps:
        subprocess.run(step, cwd=folder, check=True, capture_output=True)


G = "git -c user.name=Dev -c user.email=dev@example.com"
COMMANDS: list[tuple[str, str]] = [
    ("git-pull-local-conflict", f"{G} pull --no-rebase . feature"),
    ("git-rebase-conflict", f"{G} rebase feature"),
    ("git-unknown-revision", "git log --oneline release-2.0"),
    ("git-diff-unknown", "git diff main..origin/main"),
    ("git-checkout-pathspec", "git checkout feature/new-loss"),
    ("git-detached-commit-push", "git checkout -q --detach HEAD && git push"),
    ("git-push-no-destination", "git push"),
    ("git-commit-clean", f"{G} commit -m 'wip'"),
    ("git-add-missing", "git add results/"),
    ("git-stash-apply-ref", "git stash apply stash@{2}"),
    ("git-branch-unmerged", "git branch -d feature"),
    ("git-merge-abort", "git merge --abort"),
    ("git-rm-missing", "git rm old_config.yaml"),
    ("git-remote-rename", "git remote rename origin upstream"),
    ("git-push-upstream", "git push -u upstream feature"),
    ("git-clone-missing", "git clone /srv/git/models.git"),
    ("git-checkout-dirty", "echo local > notes.txt && git checkout feature"),
    ("git-describe-no-tags", "git describe --tags"),
    ("git-show-unknown", "git show 1a2b3c4"),
    ("git-cat-file-path", "git cat-file -p HEAD:configs/base.yaml"),
    ("git-apply-patch", "git apply bad.patch"),
    ("git-fetch-no-remote", "git fetch upstream"),
    ("git-revert-unknown", f"{G} revert abc1234"),
    ("git-bisect-bad-rev", "git bisect start && git bisect bad v0.9"),
    ("git-worktree-exists", "git worktree add ../wt main"),
    ("cd-missing-data", "cd /data/imagenet/train && ls | head"),
    ("exec-no-x", "./scripts/prepare_data.sh"),
    ("mamba-missing", "mamba env create -f environment.yml"),
    ("srun-missing", "srun -N 2 --gpus-per-node 8 python train.py"),
    ("sbatch-missing", "sbatch jobs/finetune.slurm"),
    ("tensorboard-missing", "tensorboard --logdir runs/"),
    ("deepspeed-missing", "deepspeed --num_gpus 8 train.py --deepspeed ds.json"),
    ("nvidia-smi-pipe", "nvidia-smi -L | grep -c A100"),
    (
        "nvidia-smi-python",
        "python -c \"import subprocess; print(subprocess.check_output(['nvidia-smi', '-L']))\"",
    ),
    ("python312-missing", "python3.12 -V"),
    ("kubectl-missing", "kubectl get pods -n training"),
    ("docker-run-gpus", "docker run --rm --gpus all pytorch/pytorch:latest nvidia-smi"),
    ("ls-glob", "ls checkpoints/*.safetensors"),
    ("tar-missing", "tar -xzf data/shards-000.tar.gz -C data/"),
    ("unzip-list", "unzip -l checkpoints.zip"),
    ("wc-missing", "wc -l data/train.jsonl"),
    (
        "diff-differs",
        "printf 'a\\nb\\n' > expected.txt && printf 'a\\nc\\n' > actual.txt && diff expected.txt actual.txt",
    ),
    ("activate-env", ". env/bin/activate && pip list"),
    ("ln-exists", "ln -s notes.txt latest && ln -s notes.txt latest"),
    ("sort-missing", "sort -k2 -n scores.tsv"),
    ("timeout-verbose", "timeout --verbose 1 sleep 3"),
    ("unbound-var", 'set -u; echo "run dir: $RUN_DIR"'),
    ("bash-n-syntax", "bash -n broken.sh"),
    ("du-missing", "du -sh /data/cache"),
    ("find-missing", "find outputs/ -name '*.pt'"),
    ("chmod-missing", "chmod +x run_all.sh"),
    ("ssh-refused", "ssh -o BatchMode=yes -o ConnectTimeout=2 -p 1 127.0.0.1 true"),
    ("kill-stale-pid", "echo 3999999 > train.pid && kill -0 $(cat train.pid)"),
    ("kill-jobspec", "kill %1"),
    ("jq-parse", "jq .accuracy results.json"),
    ("jq-missing-file", "jq -r .loss metrics/latest.json"),
    ("grep-q-none", "grep -q 'best_model' train.log"),
    ("cp-dir-no-r", "mkdir -p ckpt && cp ckpt backups/"),
    ("xargs-fail", "echo missing1 missing2 | xargs cat"),
    ("head-c-bad", "head -n -x notes.txt"),
    ("wget-refused", "wget -t 1 http://127.0.0.1:9/model.bin"),
    ("curl-refused-post", "curl -sS -X POST http://127.0.0.1:8000/v1/completions -d '{}'"),
    (
        "curl-404",
        "(python3 -m http.server 48731 --bind 127.0.0.1 >/dev/null 2>&1 & echo $! > srv.pid); sleep 1; curl -fsS http://127.0.0.1:48731/health; s=$?; kill $(cat srv.pid); exit $s",
    ),
    ("pip-no-dist", "python -m pip install --no-index torchvision==0.99.1"),
    ("pip-no-dist-range", "python -m pip install --no-index 'numpy>=99'"),
    (
        "pip-conflict",
        "python -m pip install --dry-run --no-index --find-links wheels evalkit tensorlib==2.1",
    ),
    ("pip-req-missing", "python -m pip install -r requirements-dev.txt"),
    ("pip-not-installable", "python -m pip install --no-index ."),
    ("venv-python-missing", ".venv/bin/python train.py"),
    ("python-m-missing", "python -m trainer.cli --help"),
    ("gcc-undeclared", "gcc -Wall -o main main.c"),
    ("gcc-implicit", "gcc -o proto proto.c"),
    ("segfault", "gcc -o segv segv.c && ./segv"),
    ("gpp-map-key", "g++ -o vec vec.cpp"),
    ("gpp-namespace", "g++ -o nsvec nsvec.cpp"),
    ("javac-symbol", "javac Train.java"),
    ("java-npe", "javac Null.java && java Null"),
    ("cargo-moved", "cd rs && cargo build --offline -q"),
    ("cargo-panic", "cd rs2 && cargo run --offline -q"),
    ("node-undefined", "node js/undef.js"),
    ("node-json", "node -e \"JSON.parse(require('fs').readFileSync('results.json', 'utf8'))\""),
    ("npm-missing-script", "cd js && npm run lint"),
    ("npm-test-fail", "cd js && npm test"),
    ("npm-offline", "cd js && npm install --offline left-pad-nonexistent-zz"),
    ("make-no-target", "cd mk2 && make install"),
    ("make-separator", "cd mk && make"),
    ("make-recipe", "cd mk2 && make"),
    ("pytest-lower", "python -m pytest -q -p no:cacheprovider test_utils.py::test_normalize_lower"),
    ("pytest-dict", "python -m pytest -p no:cacheprovider test_utils.py::test_dict_merge"),
    ("pytest-approx", "python -m pytest -q -p no:cacheprovider test_utils.py::test_close"),
    ("pytest-not-raised", "python -m pytest -q -p no:cacheprovider test_utils.py::test_raises"),
    ("pytest-param", "python -m pytest -q -p no:cacheprovider test_utils.py -k even"),
    ("pytest-fixture", "python -m pytest -q -p no:cacheprovider test_utils.py::test_fixture"),
    ("pytest-import", "python -m pytest -q -p no:cacheprovider test_import.py"),
    ("pytest-no-tests", "python -m pytest -q -p no:cacheprovider -k nothing_matches test_utils.py"),
    ("mypy-errors", "python -m mypy --no-error-summary typed.py"),
    ("mypy-strict", "python -m mypy --strict typed.py"),
    ("ruff-check", "python -m ruff check --no-cache lint_me.py"),
    ("ruff-format", "python -m ruff format --check --no-cache style.py"),
    ("py-zero-division", "python average.py"),
    ("py-keyerror", "python settings.py"),
    ("py-json-results", "python report.py"),
    ("py-none-group", "python parse_log.py"),
    ("py-index", "python first_row.py"),
    ("py-unicode", "python read_bin.py"),
    ("py-unbound-local", "python counter.py"),
    ("py-missing-arg", "python shapes.py"),
    ("py-fstring", "python fstring.py"),
    ("py-local-module", "python loader.py"),
    ("py-toml", "python cfg.py"),
    ("py-env-key", "python check_env.py"),
    ("py-file-missing", "python -c \"open('data/splits/val.txt').read()\""),
    ("py-int-parse", "python -c \"import sys; print(int('3e-4'))\""),
    ("git-switch-create-exists", "git switch -c feature"),
    ("git-log-path-typo", "git log -- srcc/ --oneline | grep -q ."),
    ("git-commit-empty-msg", f"echo x >> notes.txt && {G} commit -am ''"),
    ("git-restore-missing", "git restore --source=HEAD~5 notes.txt"),
    ("touch-missing-dir", "touch logs/run-3/stdout.log"),
    ("mv-into-missing", "mv notes.txt archive/2024/notes.txt"),
    ("rm-dir", "mkdir -p old_runs && rm old_runs"),
    ("cat-glob-none", "cat outputs/*/eval.json"),
    ("py-dict-attr", "python -c \"cfg = {'lr': 1e-3}; print(cfg.lr)\""),
    ("py-str-join", "python -c \"print(', '.join([1, 2, 3]))\""),
    ("py-sorted-mixed", "python -c \"print(sorted([3, 'a', 1]))\""),
    ("py-json-dump-set", "python -c \"import json; json.dumps({'tags': {'a', 'b'}})\""),
    (
        "py-assert",
        "python -c \"n_train = 100; n_val = 0; assert n_val > 0, 'empty validation split'\"",
    ),
]
