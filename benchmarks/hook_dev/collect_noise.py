"""Record everyday development failures, run for real, as the hook's noise dev set.

Each command runs under bash in a scratch folder with a few fixtures (a git repo, a failing
test, a C file with a typo, a CSV); its merged output is stored the way Claude Code hands a
failed Bash call to `PostToolUseFailure`: `Exit code N\\n<stdout and stderr>`. Commands that
unexpectedly succeed are dropped. Re-run to refresh (outputs depend on the machine):

    PANDAS_PYTHON=/path/with/pandas/python .venv/bin/python -m benchmarks.hook_dev.collect_noise
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PY = sys.executable
PD = os.environ.get("PANDAS_PYTHON", PY)

FIXTURES = {
    "data.csv": "id,loss,step\n1,0.5,10\n2,0.4,20\n",
    "test_math.py": (
        "def add(a, b):\n    return a - b\n\n\n"
        "def test_add():\n    assert add(2, 2) == 4\n\n\n"
        "def test_list():\n    assert [1, 2, 3] == [1, 2, 4]\n\n\n"
        "def test_raises():\n    import json\n    json.loads('{bad')\n"
    ),
    "broken.c": '#include <stdio.h>\nint main(void) {\n  printf("%d\\n", x)\n  return 0;\n}\n',
    "link.c": "int helper(void);\nint main(void) { return helper(); }\n",
    "types.cpp": '#include <vector>\nint main() { std::vector<int> v; v.push_back("a"); }\n',
    "syntax.py": "def f(:\n    pass\n",
    "indent.py": "def f():\nreturn 1\n",
    "Makefile": "all:\n\tfalse\n",
    "config.json": '{"lr": 0.1,}\n',
    "script.sh": "#!/bin/bash\nset -euo pipefail\necho start\nundefined_var_use=$MISSING_VAR\n",
    "Cargo.toml": '[package]\nname = "x"\nversion = "0.1.0"\nedition = "2021"\n',
    "src/main.rs": 'fn main() { let x: i32 = "a"; }\n',
    "Main.java": 'public class Main { public static void main(String[] a) { int x = "s"; } }\n',
    "app.js": "const x = require('./missing-module');\n",
    "bad.js": "function f( { return 1 }\n",
    "req.txt": "this-package-does-not-exist-hooks-dev==9.9.9\n",
}

COMMANDS: list[tuple[str, str]] = [
    ("cat-missing", "cat results/metrics.json"),
    ("ls-missing", "ls /nonexistent/checkpoints"),
    ("cd-missing", "cd experiments/run-42"),
    ("rm-missing", "rm old.log"),
    ("cp-missing", "cp model.pt backup/"),
    ("mv-missing", "mv a.txt b/c/d.txt"),
    ("grep-none", "grep -r 'learning_rate' src/"),
    ("grep-nomatch", "grep zzz data.csv"),
    ("head-missing", "head -n 5 train.log"),
    ("tail-dir", "tail -f logs/"),
    ("mkdir-exists", "mkdir fixtures-dir && mkdir fixtures-dir"),
    ("kill-dead", "kill 999999"),
    ("kill-bad", "kill -9 %3"),
    ("pkill-none", "pkill -f no-such-process-name-xyz"),
    ("nvidia-smi", "nvidia-smi"),
    ("nvcc", "nvcc --version"),
    ("cmd-typo", "pyhton train.py"),
    ("cmd-typo2", "gti status"),
    ("cmd-typo3", "sl -la"),
    ("permission", "touch /proc/hooks-dev-x"),
    ("exec-perm", "./data.csv"),
    ("false", "false"),
    ("exit3", "exit 3"),
    ("test-fail", "test -f weights.bin"),
    ("bash-syntax", "if [ 1 -eq 1 ; then echo x; fi"),
    ("bash-unbound", "bash script.sh"),
    ("pipefail", "set -o pipefail; cat nothing.txt | wc -l"),
    ("py-missing-file", f"{PY} missing_script.py"),
    ("py-syntax", f"{PY} syntax.py"),
    ("py-indent", f"{PY} indent.py"),
    ("py-nameerror", f"{PY} -c 'print(undefined_name)'"),
    ("py-typeerror", f"{PY} -c 'len(5)'"),
    ("py-valueerror", f"{PY} -c 'int(\"abc\")'"),
    ("py-zerodiv", f"{PY} -c '1/0'"),
    ("py-index", f"{PY} -c '[1,2][5]'"),
    ("py-keyerror", f'{PY} -c \'d = {{"a": 1}}; d["b"]\''),
    ("py-attr", f"{PY} -c 'import os; os.fakefunc()'"),
    ("py-import", f"{PY} -c 'import torchvisionx'"),
    ("py-import-from", f"{PY} -c 'from json import loadz'"),
    ("py-filenotfound", f"{PY} -c 'open(\"checkpoints/last.pt\")'"),
    ("py-json", f"{PY} -c 'import json; json.load(open(\"config.json\"))'"),
    ("py-recursion", f"{PY} -c 'def f(): return f()\nf()'"),
    ("py-assert", f"{PY} -c 'assert 1 == 2, \"shapes differ\"'"),
    ("py-unicode", f'{PY} -c \'b"\\xff".decode("utf-8")\''),
    ("py-oserror", f"{PY} -c 'import os; os.rmdir(\"/tmp\")'"),
    ("py-timeout", f'{PY} -c \'import subprocess; subprocess.run(["sleep","5"], timeout=0.1)\''),
    ("py-systemexit", f"{PY} -c 'import sys; sys.exit(\"bad arguments\")'"),
    (
        "py-argparse",
        f"{PY} -c 'import argparse; p=argparse.ArgumentParser(); p.add_argument(\"--lr\", type=float, required=True); p.parse_args([])'",
    ),
    ("py-keyboard", f"{PY} -c 'raise KeyboardInterrupt'"),
    ("py-notimpl", f"{PY} -c 'raise NotImplementedError(\"todo\")'"),
    ("py-runtime", f"{PY} -c 'raise RuntimeError(\"something went wrong\")'"),
    ("py-module-m", f"{PY} -m nosuchmodule"),
    (
        "pd-keyerror",
        f'{PD} -c \'import pandas as pd; df = pd.read_csv("data.csv"); df["accuracy"]\'',
    ),
    ("pd-missing-csv", f"{PD} -c 'import pandas as pd; pd.read_csv(\"results.csv\")'"),
    (
        "pd-merge",
        f'{PD} -c \'import pandas as pd; pd.DataFrame({{"a":[1]}}).merge(pd.DataFrame({{"b":[1]}}), on="c")\'',
    ),
    ("pd-iloc", f"{PD} -c 'import pandas as pd; pd.read_csv(\"data.csv\").iloc[10]'"),
    ("np-shape", f"{PD} -c 'import numpy as np; np.ones((3,4)) @ np.ones((3,4))'"),
    ("np-broadcast", f"{PD} -c 'import numpy as np; np.ones(3) + np.ones(4)'"),
    ("np-reshape", f"{PD} -c 'import numpy as np; np.arange(10).reshape(3, 4)'"),
    ("pytest-fail", f"{PY} -m pytest -q test_math.py"),
    ("pytest-one", f"{PY} -m pytest -q test_math.py::test_add"),
    ("pytest-missing", f"{PY} -m pytest -q tests/test_nothing.py"),
    ("pytest-keyword", f"{PY} -m pytest -q -k nomatchingtest test_math.py"),
    ("git-not-repo", "cd /tmp && git status"),
    ("git-pathspec", "git add nosuchfile.py"),
    ("git-checkout", "git checkout no-such-branch"),
    ("git-commit-nothing", "git commit -m 'update'"),
    ("git-push-noremote", "git push origin main"),
    ("git-pull-noremote", "git pull"),
    ("git-merge-conflict", "git merge feature"),
    ("git-rev", "git log nonexistent-ref"),
    ("git-stash-pop", "git stash pop"),
    ("git-branch-exists", "git branch main"),
    ("git-remote-add", "git remote add origin x && git remote add origin y"),
    ("git-clone-bad", "git clone /nonexistent/repo.git"),
    ("git-diff-bad", "git diff --no-index a.txt b.txt"),
    (
        "pip-notfound",
        f"{PY} -m pip install this-package-does-not-exist-hooks-dev==9.9.9 --no-index",
    ),
    ("pip-req-missing", f"{PY} -m pip install -r requirements-missing.txt"),
    ("pip-req-bad", f"{PY} -m pip install -r req.txt --no-index"),
    ("pip-uninstall", f"{PY} -m pip uninstall -y not-installed-pkg-xyz 2>&1; exit 1"),
    ("pip-bad-spec", f"{PY} -m pip install 'torch>=>2' --no-index"),
    ("gcc-syntax", "gcc broken.c -o broken"),
    ("gcc-link", "gcc link.c -o link"),
    ("gcc-missing", "gcc nothere.c"),
    ("gpp-type", "g++ types.cpp -o types"),
    ("make-false", "make"),
    ("make-target", "make nosuchtarget"),
    ("cargo-build", "cargo build --offline -q"),
    ("rustc-missing", "rustc nothere.rs"),
    ("javac", "javac Main.java"),
    ("node-missing", "node app.js"),
    ("node-syntax", "node bad.js"),
    ("npm-script", "npm run nosuchscript"),
    ("npm-nopkg", "npm test"),
    ("curl-refused", "curl -sS http://127.0.0.1:9/health"),
    ("curl-fail", "curl -fsS http://127.0.0.1:9/v1/models"),
    ("ssh-bad", "ssh -o BatchMode=yes -o ConnectTimeout=1 nohost.invalid true"),
    ("tar-missing", "tar xzf dataset.tar.gz"),
    ("unzip-missing", "unzip weights.zip"),
    ("chmod-missing", "chmod +x run.sh"),
    ("docker", "docker ps"),
    ("sudo", "sudo -n true"),
    ("wc-missing", "wc -l data/*.jsonl"),
    ("find-missing", "find ./outputs -name '*.ckpt'"),
    ("diff-differs", "diff data.csv config.json"),
    ("sort-missing", "sort results.txt"),
    ("jq-missing", "jq .loss metrics.json"),
    ("timeout", "timeout 0.2 sleep 3"),
    ("du-missing", "du -sh /nonexistent"),
    ("ln-exists", "ln -s data.csv data.csv"),
    ("source-missing", "source .venv/bin/activate"),
    ("env-missing", "env -i nosuchcmd"),
    ("python-version", "python2 --version"),
    ("conda", "conda activate train"),
    ("sed-bad", "sed -i 's/a/b' data.csv"),
    ("awk-bad", "awk '{print $1' data.csv"),
    ("xargs", "echo nothing | xargs -I{} cat {}"),
    ("ruff-missing", "ruff check ."),
    ("mypy-missing", "mypy src"),
    ("df-head", "head -c 10 /dev/null && false"),
]


def _fixtures(folder: Path) -> None:
    for name, text in FIXTURES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git = ["git", "-c", "user.name=dev", "-c", "user.email=dev@example.com"]
    run = lambda *a: subprocess.run(a, cwd=folder, capture_output=True, check=False)  # noqa: E731
    run("git", "init", "-q", "-b", "main")
    run(*git, "add", "-A")
    run(*git, "commit", "-qm", "init")
    run("git", "switch", "-qc", "feature")
    (folder / "data.csv").write_text("id,loss\n1,0.9\n")
    run(*git, "commit", "-qam", "feature")
    run("git", "switch", "-q", "main")
    (folder / "data.csv").write_text("id,loss\n1,0.1\n")
    run(*git, "commit", "-qam", "main change")


def collect() -> list[dict[str, str]]:
    out = []
    for name, command in COMMANDS:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            _fixtures(folder)
            env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "NO_COLOR": "1"}
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=folder,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                env=env,
                timeout=60,
                check=False,
            )
        if done.returncode == 0:
            print(f"skipped {name}: exit 0", file=sys.stderr)
            continue
        text = done.stdout.replace(tmp, "/home/user/project").rstrip("\n")
        out.append(
            {
                "id": name,
                "command": command.replace(PY, "python").replace(PD, "python"),
                "error": f"Exit code {done.returncode}\n{text}",
            }
        )
    return out


def main() -> None:
    cases = collect()
    header = "# Everyday failures, run for real by collect_noise.py: the hook must stay silent.\n"
    text = yaml.safe_dump(cases, sort_keys=False, allow_unicode=True, width=100)
    (HERE / "noise.yaml").write_text(header + text)
    print(f"{len(cases)} noise cases")


if __name__ == "__main__":
    main()
