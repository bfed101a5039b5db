"""Everyday development failures for held-out set v6, run for real in a scratch repository
of a recommendation team's feature service (`fixtures`): a Python package with unittest
tests and doctests, C helpers built with gcc and the sanitizers, a Java tool, a Go command,
two Rust crates, Node scripts, SQL and data files, deployment files (Docker, Kubernetes,
Terraform) and shell scripts, in a git repository with a conflicting branch and a bare
`origin` one commit ahead. None is an ML failure a skill would cover: git, shell, builds,
crashes, type and syntax errors, data tools, deployment tools with no daemon or cloud.
`collect.py` drops a command an earlier noise set (dev, v1-v5) ran or whose output an
earlier set holds, by code.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.hook_heldout5.noise import git_history

_C = {
    "native/hash.c": '#include <stdio.h>\n\nstatic unsigned hash(const char *s) {\n    unsigned h = 5381;\n    int unused;\n    while (*s) h = h * 33 + *s++;\n    return h;\n}\n\nint main(void) {\n    printf("%u\\n", hash("user:42"));\n    return 0;\n}\n',
    "native/main.c": '#include <stdio.h>\n\ndouble decay(double age_days);\n\nint main(void) {\n    printf("%f\\n", decay(3.0));\n    return 0;\n}\n',
    "native/overflow.c": '#include <stdlib.h>\n#include <string.h>\n\nint main(void) {\n    char *key = malloc(8);\n    strcpy(key, "user:123456");\n    free(key);\n    return 0;\n}\n',
    "native/ub.c": '#include <limits.h>\n#include <stdio.h>\n\nint main(int argc, char **argv) {\n    int clicks = INT_MAX - 1 + argc;\n    clicks += 1;\n    printf("%d\\n", clicks);\n    return 0;\n}\n',
    "native/dfree.c": "#include <stdlib.h>\n\nint main(void) {\n    int *ids = malloc(16 * sizeof(int));\n    free(ids);\n    free(ids);\n    return 0;\n}\n",
    "native/smash.c": '#include <string.h>\n#include <stdio.h>\n\nvoid copy(const char *src) {\n    char buf[8];\n    strcpy(buf, src);\n    printf("%s\\n", buf);\n}\n\nint main(void) {\n    copy("session-token-0123456789abcdef");\n    return 0;\n}\n',
    "native/fpe.c": '#include <stdio.h>\n\nint main(int argc, char **argv) {\n    int buckets = argc - 1;\n    printf("%d\\n", 100 / buckets);\n    return 0;\n}\n',
    "native/check.c": '#include <assert.h>\n#include <stdio.h>\n\nint main(void) {\n    int shards = 0;\n    assert(shards > 0 && "need at least one shard");\n    printf("%d\\n", shards);\n    return 0;\n}\n',
    "native/leak.c": "#include <stdlib.h>\n\nint main(void) {\n    for (int i = 0; i < 4; i++) malloc(64);\n    return 0;\n}\n",
    "native/Makefile": "CC = gcc\nCFLAGS = -O1 -Wall -Wextra -Werror\n\nall: hash main\n\nhash: hash.c\n\t$(CC) $(CFLAGS) hash.c -o hash\n\nmain: main.c\n\t$(CC) $(CFLAGS) main.c -o main\n\ncheck: hash\n\t./hash | grep -q '^[0-9]\\+$$' && test -x ./decay\n",
}
_FILES: dict[str, str] = {
    **_C,
    "pyproject.toml": '[project]\nname = "featurestore"\nversion = "0.7.1"\nrequires-python = ">=3.10"\n',
    "featurestore/__init__.py": '"""Online features for the recommender."""\n',
    "featurestore/ttl.py": 'def expires_in(seconds, now=0):\n    """Seconds until a cached feature expires.\n\n    >>> expires_in(60, now=10)\n    50\n    >>> expires_in(-1)\n    0\n    """\n    return seconds - now\n\n\ndef parse_ttl(text):\n    unit = text[-1]\n    return int(text[:-1]) * {"s": 1, "m": 60, "h": 3600}[unit]\n',
    "featurestore/broken.py": "def merge(a, b):\n    return {**a, **b\n\n\ndef keys(a):\n    return list(a)\n",
    "featurestore/legacy.py": 'import warnings\n\nwarnings.warn("featurestore.legacy is deprecated; use featurestore.ttl", DeprecationWarning, stacklevel=2)\n',
    "featurestore/indent.py": "def route(user):\n    if user:\n        return 'a'\n      return 'b'\n",
    "tests/__init__.py": "",
    "tests/test_ttl.py": "import unittest\n\nfrom featurestore.ttl import expires_in, parse_ttl\n\n\nclass TTLTest(unittest.TestCase):\n    def test_expires(self):\n        self.assertEqual(expires_in(60, now=10), 50)\n\n    def test_negative(self):\n        self.assertEqual(expires_in(-1), 0)\n\n    def test_parse_days(self):\n        self.assertEqual(parse_ttl('2d'), 172800)\n\n    def test_parse_minutes(self):\n        self.assertEqual(parse_ttl('5m'), 300)\n",
    "tests/test_cache.py": "import unittest\n\nfrom featurestore.cache import LRU\n\n\nclass CacheTest(unittest.TestCase):\n    def test_evict(self):\n        self.assertEqual(LRU(1).size, 1)\n",
    "scripts/migrate.py": 'import argparse\n\nparser = argparse.ArgumentParser(description="migrate the feature tables")\nparser.add_argument("--db", required=True)\nparser.add_argument("--to", type=int, choices=[6, 7])\nargs = parser.parse_args()\nprint(args)\n',
    "scripts/backfill.py": 'import json\nimport sys\n\nrows = json.load(open(sys.argv[1]))\nfor row in rows["features"]:\n    print(row["user_id"], row["ctr"] / row["impressions"])\n',
    "scripts/crlf.sh": '#!/usr/bin/env bash\r\nset -e\r\necho "refreshing features"\r\ncd data\r\n',
    "scripts/bashisms.sh": '#!/bin/sh\nif [[ -n "$1" ]]; then\n  echo "env: $1"\nfi\narr=(a b c)\necho ${arr[1]}\n',
    "scripts/no_exec.sh": "#!/usr/bin/env bash\necho ok\n",
    "scripts/strict.sh": '#!/usr/bin/env bash\nset -euo pipefail\nregion=${DEPLOY_REGION}\necho "deploying to $region"\n',
    "scripts/report.js": "const data = require('../config/app.json');\nconsole.log(data.features.length);\nconsole.log(data.limits.maxUsers.toFixed(0));\n",
    "scripts/bad.js": "function ctr(clicks, views) {\n  return clicks / views;\n\nconsole.log(ctr(1, 2));\n",
    "scripts/esm.js": "import { readFileSync } from 'fs';\nconsole.log(readFileSync('README.md', 'utf8').length);\n",
    "tests/js/ctr.test.js": "const test = require('node:test');\nconst assert = require('node:assert');\n\ntest('ctr rounds to 3 places', () => {\n  assert.strictEqual((1 / 3).toFixed(3), '0.334');\n});\n",
    "package.json": '{\n  "name": "featurestore-admin",\n  "version": "0.7.1",\n  "private": true,\n  "scripts": {\n    "report": "node scripts/report.js",\n    "test": "node --test tests/js/"\n  }\n}\n',
    "java/Export.java": 'public class Export {\n    public static void main(String[] args) {\n        int rows = "12";\n        System.out.println(rows);\n    }\n}\n',
    "java/Lookup.java": 'import java.util.HashMap;\nimport java.util.Map;\n\npublic class Lookup {\n    public static void main(String[] args) {\n        Map<String, String> cfg = new HashMap<>();\n        System.out.println(cfg.get("region").toUpperCase());\n    }\n}\n',
    "go/go.mod": "module example.com/fsctl\n\ngo 1.19\n",
    "go/cmd/fsctl/main.go": 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tshards := []string{"a", "b"}\n\tfmt.Printf("%d shards\\n", "two")\n\tfmt.Println(shards[len(os.Args)+2])\n}\n',
    "go/cmd/broken/main.go": 'package main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nfunc main() {\n\tvar n int = "3"\n\tfmt.Println(n)\n}\n',
    "rust/ttl/Cargo.toml": '[package]\nname = "ttl"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
    "rust/ttl/src/main.rs": 'fn main() {\n    let ttl: Option<u64> = std::env::args().nth(1).and_then(|s| s.parse().ok());\n    println!("ttl = {}", ttl.expect("TTL argument missing"));\n}\n',
    "rust/borrow/Cargo.toml": '[package]\nname = "borrow"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
    "rust/borrow/src/main.rs": 'fn main() {\n    let mut ids = vec![1, 2, 3];\n    let first = &ids[0];\n    ids.push(4);\n    println!("{}", first);\n}\n',
    "config/bad.json": '{\n  "region": "eu-west-1",\n  "features": ["ctr", "dwell"],\n}\n',
    "config/app.json": '{\n  "region": "eu-west-1",\n  "enabled": false,\n  "features": ["ctr", "dwell"]\n}\n',
    "config/app.yaml": "service:\n  name: featurestore\n  replicas: 3\n ports:\n    - 8080\n",
    "config/env.template": "REGION=${REGION}\nREPLICAS=${REPLICAS:?set REPLICAS}\n",
    "data/unsorted.txt": "user_10\nuser_2\nuser_1\n",
    "data/expected.csv": "user_id,ctr\n1,0.12\n2,0.08\n",
    "data/actual.csv": "user_id,ctr\n1,0.12\n2,0.09\n",
    "data/checksums.txt": "0000000000000000000000000000000000000000000000000000000000000000  data/expected.csv\n",
    "data/names.txt": "Zo\u00eb\nRen\u00e9e\n",
    "data/bad.b64": "dXNlcjo0Mg==!!not base64\n",
    "data/rows.json": '{"features": [{"user_id": 1, "ctr": 3, "impressions": 0}]}\n',
    "data/notadb.db": "this is not sqlite\n",
    "data/archive.tar.gz": "\x1f\x8b not really gzip\n",
    "patches/ttl-days.patch": '--- a/featurestore/ttl.py\n+++ b/featurestore/ttl.py\n@@ -12,3 +12,3 @@ def parse_ttl(text):\n     unit = text[-1]\n-    return int(text[:-1]) * {"s": 1, "m": 60}[unit]\n+    return int(text[:-1]) * {"s": 1, "m": 60, "d": 86400}[unit]\n',
    "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: featurestore\nspec:\n  replicas: three\n  selector:\n    matchLabels:\n      app: featurestore\n  template:\n    metadata:\n      labels:\n        app: featurestore\n    spec:\n      containers:\n        - name: api\n          image: featurestore:0.7.1\n",
    "terraform/main.tf": 'resource "aws_s3_bucket" "features" {\n  bucket = "team-features"\n  tags = {\n    team = "recsys"\n\n}\n',
    "Dockerfile": 'FROM python:3.11-slim\nCOPY . /app\nRUN pip install /app\nCMD ["python", "-m", "featurestore"]\n',
    "README.md": "# featurestore\n\nOnline features for the recommender.\n",
    ".gitignore": "target/\n*.o\nnode_modules/\n",
}


def fixtures(root: Path) -> None:
    """The scratch repository: committed once, a branch `feat/days` that conflicts with
    main, a bare `origin` one commit ahead, a local edit; a small SQLite database."""
    for name, text in _FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8", newline="")
    (root / "scripts/crlf.sh").chmod(0o755)
    (root / "scripts/strict.sh").chmod(0o755)
    with sqlite3.connect(root / "data/app.db") as db:
        db.execute("create table users (id integer primary key, segment text not null)")
        db.execute("insert into users values (1, 'new')")
    git_history(
        root,
        "featurestore 0.7.1",
        ("feat/days", "featurestore/ttl.py", "def parse_ttl(text):\n    return 0\n", "days"),
        ("def parse_ttl(text):\n    return 1\n", "hours"),
    )
    (root / "README.md").write_text("# featurestore\n\nLocal edit.\n", encoding="utf-8")


_ASAN = "gcc -g -fsanitize=address native/overflow.c -o ./out-overflow-asan && ./out-overflow-asan"

COMMANDS: list[tuple[str, str]] = [
    # git
    ("git-merge-conflict", "git merge feat/days"),
    ("git-checkout-dirty", "git checkout feat/days"),
    ("git-pull-ff-only", "git pull --ff-only origin main"),
    ("git-stash-pop-empty", "git stash pop"),
    ("git-cherry-pick-bad", "git cherry-pick 0badc0de"),
    ("git-branch-d-unmerged", "git branch -d feat/days"),
    ("git-commit-nothing", "git stash -q && git commit -m 'bump version'"),
    ("git-tag-exists", "git tag v0.7.1 && git tag v0.7.1"),
    ("git-describe-none", "git describe --tags --abbrev=0"),
    ("git-remote-exists", "git remote add origin git@github.com:team/featurestore.git"),
    ("git-switch-exists", "git switch -c main"),
    ("git-worktree-busy", "git worktree add ../hotfix main"),
    ("git-apply-patch", "git apply --check patches/ttl-days.patch"),
    ("git-show-far", "git show HEAD~12 --stat"),
    ("git-restore-missing", "git restore featurestore/cache.py"),
    ("git-mv-missing", "git mv featurestore/cache.py featurestore/lru.py"),
    ("git-diff-exit", "git diff --exit-code --stat"),
    ("git-bisect-nostart", "git bisect good"),
    ("git-rebase-dirty", "git rebase origin/main"),
    ("git-log-badref", "git log --oneline release/0.8..HEAD"),
    ("git-push-rejected", "git commit -qam wip && git push origin main"),
    ("git-blame-range", "git blame -L 40,60 README.md"),
    ("git-revert-conflict", "git revert --no-edit HEAD~3"),
    ("git-rm-cached", "git rm -r --cached build/"),
    # Python stdlib tools on the package
    ("py-json-tool", "python -m json.tool config/bad.json"),
    ("py-compile", "python -m py_compile featurestore/broken.py"),
    ("py-compileall", "python -m compileall -q featurestore"),
    ("py-indent", "python -c 'import featurestore.indent'"),
    ("py-unittest-fail", "python -m unittest tests.test_ttl"),
    ("py-unittest-import", "python -m unittest -v tests.test_cache"),
    ("py-unittest-failfast", "python -m unittest discover -s tests -t . -f"),
    ("py-doctest", "python -m doctest -v featurestore/ttl.py"),
    (
        "py-werror-deprecation",
        "python -W error::DeprecationWarning -c 'import featurestore.legacy'",
    ),
    ("py-argparse-required", "python scripts/migrate.py --to 8"),
    ("py-argparse-missing", "python scripts/migrate.py"),
    ("py-backfill-zero", "python scripts/backfill.py data/rows.json"),
    ("py-backfill-noarg", "python scripts/backfill.py"),
    ("py-zipfile-bad", "python -m zipfile -t data/archive.tar.gz"),
    ("py-tarfile-bad", "python -m tarfile -l data/archive.tar.gz"),
    ("py-base64-bad", "python -m base64 -d data/bad.b64"),
    ("py-venv-exists-file", "python -m venv README.md"),
    (
        "py-timeit-error",
        "python -m timeit -s 'from featurestore.ttl import parse_ttl' \"parse_ttl('3w')\"",
    ),
    ("py-ast-broken", "python -m ast featurestore/broken.py"),
    ("py-calendar-month", "python -m calendar 2026 13"),
    ("py-trace-missing", "python -m trace --count scripts/refresh.py"),
    ("py-c-keyerror", "python -c \"import os; print(os.environ['FEATURESTORE_DSN'])\""),
    ("py-json-deep", "python -c \"import json; json.loads('[' * 100000 + ']' * 100000)\""),
    ("py-c-encoding", "python -c \"open('data/names.txt', encoding='ascii').read()\""),
    (
        "py-sqlite-unique",
        "python -c \"import sqlite3; db = sqlite3.connect('data/app.db'); db.execute(\\\"insert into users values (1, 'churned')\\\"); db.commit()\"",
    ),
    ("py-coverage-report", "coverage report --fail-under=90"),
    ("py-coverage-combine", "coverage combine"),
    (
        "py-pip-offline",
        "python -m pip download --no-deps --no-index -d wheels featurestore-client==0.7.1",
    ),
    # make and C
    ("make-werror", "make -C native hash"),
    ("make-undefined-ref", "make -C native main"),
    ("make-check", "make -C native check"),
    ("make-no-makefile-target", "make -C native install"),
    ("make-file-missing", "make -f Makefile.release"),
    ("gcc-werror-direct", "gcc -Wall -Wextra -Werror native/hash.c -o ./out-hash"),
    ("gcc-asan", _ASAN),
    (
        "gcc-ubsan",
        "gcc -fsanitize=undefined -fno-sanitize-recover=all native/ub.c -o ./out-ub && ./out-ub",
    ),
    ("gcc-double-free", "gcc native/dfree.c -o ./out-dfree && ./out-dfree"),
    (
        "gcc-stack-smash",
        "gcc -fstack-protector-all -O0 native/smash.c -o ./out-smash && ./out-smash",
    ),
    ("gcc-fpe", "gcc native/fpe.c -o ./out-fpe && ./out-fpe"),
    ("gcc-assert", "gcc native/check.c -o ./out-check && ./out-check"),
    (
        "valgrind-leak",
        "gcc -g native/leak.c -o ./out-leak && valgrind --leak-check=full --error-exitcode=3 ./out-leak",
    ),
    ("gcc-missing-header", "echo '#include <gdal_priv.h>' | gcc -x c++ -c - -o /dev/null"),
    ("strace-missing", "strace -f -e trace=openat ./native/decay"),
    # Java, Go, Rust
    ("javac-type", "javac -d ./out-javabuild java/Export.java"),
    ("java-npe", "java java/Lookup.java"),
    ("java-class-missing", "java -cp ./out-nowhere Export"),
    ("go-vet", "cd go && go vet ./cmd/fsctl"),
    ("go-run-index", "cd go && go run ./cmd/fsctl"),
    ("go-build-types", "cd go && go build ./cmd/broken"),
    ("cargo-run-expect", "cd rust/ttl && cargo run -q --offline"),
    ("cargo-borrow", "cd rust/borrow && cargo build --offline"),
    (
        "cargo-fmt-check",
        "cd rust/ttl && printf 'fn   main(){println!(\"x\");}\\n' > src/main.rs && cargo fmt --check",
    ),
    (
        "cargo-clippy-deny",
        "cd rust/ttl && printf 'fn main() { let v = vec![1]; if v.len() == 0 { println!(\"empty\"); } }\\n' > src/main.rs && cargo clippy -q --offline -- -D warnings",
    ),
    # Node
    ("node-undefined", "node scripts/report.js"),
    ("node-check", "node --check scripts/bad.js"),
    ("node-esm", "node scripts/esm.js"),
    ("node-test", "node --test tests/js/"),
    ("npm-missing-script", "npm run build"),
    ("npm-ci-nolock", "npm ci --offline"),
    ("npm-report", "npm run report --silent"),
    (
        "node-json-parse",
        "node -e \"JSON.parse(require('fs').readFileSync('config/bad.json', 'utf8'))\"",
    ),
    # data tools
    ("jq-parse", "jq '.features[0]' config/bad.json"),
    ("jq-exit-status", "jq -e '.enabled' config/app.json"),
    ("jq-type", "jq '.features + 1' config/app.json"),
    ("yq-bad-yaml", "yq '.service.ports[0]' config/app.yaml"),
    ("sqlite-unique-cli", "sqlite3 data/app.db \"insert into users values (1, 'churned');\""),
    ("sqlite-not-null", 'sqlite3 data/app.db "insert into users (id) values (2);"'),
    ("sqlite-notadb", "sqlite3 data/notadb.db '.tables'"),
    ("sqlite-no-table", "sqlite3 -bail data/app.db 'select count(*) from events;'"),
    ("sort-check", "sort -c data/unsorted.txt"),
    ("diff-csv", "diff -u data/expected.csv data/actual.csv"),
    ("cmp-csv", "cmp data/expected.csv data/actual.csv"),
    ("sha256-check", "sha256sum -c data/checksums.txt"),
    ("iconv-ascii", "iconv -f utf-8 -t ascii data/names.txt"),
    ("base64-bad", "base64 -d data/bad.b64"),
    ("patch-dry-run", "patch -p1 --dry-run < patches/ttl-days.patch"),
    ("awk-syntax", "awk -F, '{ sum += $2 END { print sum }' data/actual.csv"),
    ("sed-unterminated", "sed -i 's/0.09/0.08' data/actual.csv"),
    ("numfmt-bad", "numfmt --from=iec 12X"),
    ("date-bad", "date -d 'next tuesday at 25:00'"),
    ("expr-zero", "expr 10 / 0"),
    ("tar-gz-bad", "tar -xzf data/archive.tar.gz -C ."),
    ("zstd-bad", "zstd -d data/archive.tar.gz -o ./out-archive.tar"),
    ("bzip2-bad", "bzip2 -t data/archive.tar.gz"),
    (
        "envsubst-strict",
        'set -u; envsubst < config/env.template > ./out-app.env && echo "$REPLICAS"',
    ),
    # shell
    ("sh-crlf", "./scripts/crlf.sh"),
    ("sh-bashisms", "sh scripts/bashisms.sh staging"),
    ("sh-no-exec", "./scripts/no_exec.sh"),
    ("sh-strict-unset", "./scripts/strict.sh"),
    ("sh-readonly", "readonly REGION=eu; REGION=us"),
    ("sh-arith-zero", "shards=0; echo $(( 1000 / shards ))"),
    ("sh-printf-number", "printf '%d users\\n' 12k"),
    ("sh-param-required", 'echo "deploying ${TARGET_ENV:?TARGET_ENV is not set}"'),
    ("sh-cd-missing", "cd services/featurestore && make"),
    ("sh-mkdir-exists", "mkdir data"),
    ("sh-rmdir-full", "rmdir data"),
    ("sh-ln-exists", "ln -s config/app.json README.md"),
    ("sh-cp-missing", "cp -r build/ dist/"),
    ("sh-mv-glob", "mv reports/*.html ./out-"),
    ("sh-source-missing", "source .env.local && echo $REGION"),
    (
        "sh-test-lines",
        "test \"$(wc -l < data/unsorted.txt)\" -eq 10 || { echo 'expected 10 users' >&2; exit 1; }",
    ),
    ("sh-realpath", "realpath -e models/latest"),
    ("sh-stat", "stat -c %s data/features.parquet"),
    ("sh-kill-missing", "kill -TERM 4194301"),
    (
        "sh-timeout",
        "timeout 2 bash -c 'while ! test -f ./out-featurestore.ready; do sleep 0.5; done'",
    ),
    ("sh-pipefail", "set -o pipefail; grep -h ctr data/*.csv | sort | head -1 && false"),
    (
        "sh-trap",
        "trap 'echo cleaning up ./out-fs-build' EXIT; mkdir -p ./out-fs-build && ls ./out-fs-build/wheel",
    ),
    (
        "sh-for-fail",
        'for f in config/*.json; do python -m json.tool "$f" > /dev/null || exit 1; done',
    ),
    # deployment tools with no daemon, cluster or cloud
    ("docker-build", "docker build -t featurestore:0.7.1 ."),
    ("kubectl-dry-run", "kubectl apply --dry-run=client --validate=false -f k8s/deploy.yaml"),
    ("kubectl-context", "kubectl --request-timeout=2s get pods -n recsys"),
    ("terraform-fmt", "terraform fmt -check terraform/"),
    ("terraform-validate", "cd terraform && terraform validate -no-color"),
    (
        "aws-s3-nocreds",
        "AWS_EC2_METADATA_DISABLED=true aws s3 ls s3://team-features/ --region eu-west-1",
    ),
    ("gh-not-logged", "gh pr view 42"),
    (
        "openssl-verify-self",
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ./out-k.pem -out ./out-c.pem -subj /CN=featurestore -days 1 2>/dev/null && openssl verify ./out-c.pem",
    ),
    ("openssl-s-client", "openssl s_client -connect 127.0.0.1:9 -brief < /dev/null"),
    ("ssh-keygen-bad", "ssh-keygen -l -f README.md"),
    ("gpg-verify", "gpg --batch --verify README.md"),
    ("systemctl-status", "systemctl status featurestore"),
    ("curl-refused", "curl -fsS --max-time 3 http://127.0.0.1:9/v1/features/user/42"),
]
