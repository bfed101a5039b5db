"""The scratch project the noise commands of `noise.py` run in: a web service's repository.

A git repository (`main`, a conflicting `feature/tokenizer`, an unrelated `docs` history, a
bare `origin` that is one commit ahead, a non-bare `deploy` clone) holding a Python package
with a syntax error, an indentation error and import typos, failing tests, a TypeScript app,
Go and Rust code that do not compile, shell scripts, a SQLite database, corrupt archives,
Terraform and Kubernetes files, local wheels whose requirements conflict, and a
`.pre-commit-config.yaml` of local hooks. It is built once per process (`template`) and
copied for each command, so every command starts from the same state.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import io
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

NODE_MODULES = Path("/tmp/heldout3-node/node_modules")
FILES: dict[str, str] = {
    "README.md": "# acme-api\n\nServes the ranking model.\n",
    "config.yaml": "model:\n  name: ranker-v2\n  max_length: 512\nserver:\n  port: 8080\n",
    "pyproject.toml": '[project]\nname = "acme-api"\nversion = "0.3.0"\n\n'
    '[tool.black]\nline-length = 88\n\n[tool.isort]\nprofile = "black"\n\n'
    '[tool.pytest.ini_options]\nmarkers = ["integration: needs services"]\n',
    "requirements.txt": "acme-api-client==1.0\nacme-core==2.0\n",
    "requirements-lock.txt": "acme-core==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n",
    "app/__init__.py": "",
    "app/config.py": "import os\n\n\ndef load_config(path='config.yaml'):\n"
    "    return {'path': path, 'env': os.environ.get('APP_ENV', 'dev')}\n",
    "app/text.py": 'def slugify(title):\n    """Lower-case words joined by dashes.\n\n'
    "    >>> slugify('Hello World')\n    'hello-world'\n    >>> slugify('  A  B ')\n"
    "    'a-b'\n    \"\"\"\n    return title.lower().replace(' ', '-')\n",
    "app/models.py": "from app.utlis import slugify\n\n\nclass Item:\n    pass\n",
    "app/orders.py": "from app.billing import charge\n\n\ndef place(order):\n"
    "    return charge(order)\n",
    "app/billing.py": "from app.orders import place\n\n\ndef charge(order):\n    return order\n",
    "app/cli.py": "import sys\n\n\ndef main()\n    print(sys.argv)\n",
    "app/api.py": "def health():\n    status = 'ok'\n      return status\n",
    "app/views.py": "import os,sys\nfrom app.config import load_config\nimport json\n\n"
    "def index( request ):\n    return {'ok':True,'env':os.environ.get('APP_ENV')}\n",
    "app/legacy.py": "print 'starting legacy job'\n",
    "scripts/seed_db.py": "from app.config import laod_config\n\nprint(laod_config())\n",
    "scripts/export.py": "import argparse\n\nparser = argparse.ArgumentParser()\n"
    "parser.add_argument('--out', required=True)\nparser.add_argument('--since')\n"
    "args = parser.parse_args()\n",
    "scripts/parse_dates.py": "from datetime import datetime\n\n"
    "for raw in ['2024-11-03', '2024-13-01']:\n"
    "    print(datetime.strptime(raw, '%Y-%m-%d'))\n",
    "scripts/check_env.py": "import os\n\nassert os.environ.get('DATABASE_URL'), "
    "'DATABASE_URL not set'\n",
    "scripts/ping.py": "import requests\n\nprint(requests.get('http://127.0.0.1:8080/health'))\n",
    "scripts/fetch.py": "import asyncio\n\n\nasync def fetch():\n    return 1\n\n\n"
    "async def main():\n    results = await asyncio.gather(fetch, fetch())\n\n\nasyncio.run(main())\n",
    "scripts/report.py": "rows = [{'user': 'ann', 'orders': 3}]\nfor row in rows:\n"
    "    print('user ' + row['user'] + ' placed ' + row['orders'] + ' orders')\n",
    "scripts/deploy.sh": "#!/bin/bash\ncd $DEPLOY_DIR\nfiles=$(ls *.tar.gz)\n"
    "for f in $files; do\n  tar xzf $f\ndone\nif [ $1 == prod ]; then\n  echo deploying\nfi\n",
    "scripts/backup.sh": "#!/bin/sh\nsource ./.env\nBACKUP=`date +%F`\n"
    'echo "backing up to $BACKUP_DIR/$BACKUP"\nread name\n',
    "scripts/release.sh": "#!/usr/bin/env bash\nset -euo pipefail\nversion=$1\n"
    'echo "releasing $version"\n',
    "scripts/broken.sh": "#!/bin/bash\nif [ -f config.yaml ]; then\n  echo found\n",
    "scripts/arrays.sh": 'targets=(api worker)\nfor t in "${targets[@]}"; do echo $t; done\n',
    "scripts/rename.pl": "use strict;\nmy $n = 0\nforeach my $f (@ARGV) { $n++ }\n",
    ".env": "APP_ENV=dev\nDATABASE URL=postgres://localhost/app\n",
    "tests/__init__.py": "",
    "tests/test_config.py": "from app.config import load_config\n\n\n"
    "def test_defaults():\n    assert load_config() == {'path': 'config.yaml', 'env': 'prod',"
    " 'debug': False}\n\n\ndef test_path():\n    assert load_config('x.yaml')['path'] == "
    "'x.yaml'\n",
    "tests/test_text.py": "from app.text import slugify\n\n\ndef test_slug_long():\n"
    "    title = 'Quarterly Revenue Report For The Northern Region  2024'\n"
    "    assert slugify(title) == 'quarterly-revenue-report-for-the-northern-region-2024'\n\n\n"
    "def test_slug_list():\n    got = [slugify(t) for t in ['A b', 'C  d', 'E']]\n"
    "    assert got == ['a-b', 'c-d', 'e']\n",
    "tests/test_errors.py": "import pytest\n\n\ndef parse_port(text):\n"
    "    return int(text)\n\n\ndef test_bad_port():\n"
    "    with pytest.raises(ValueError, match='port must be a number'):\n"
    "        parse_port('http')\n",
    "tests/test_models.py": "from app.models import Item\n\n\ndef test_item():\n"
    "    assert Item()\n",
    "tests/test_slug.py": "import unittest\n\nfrom app.text import slugify\n\n\n"
    "class SlugTest(unittest.TestCase):\n    def test_spaces(self):\n"
    "        self.assertEqual(slugify('  Big  Data  '), 'big-data')\n",
    "Makefile": ".PHONY: lint test build\n\nlint:\n\tflake8 app tests\n\n"
    "test:\n\tpython -m pytest -q tests/test_config.py\n\nbuild:\n\tmkdir -p dist\n"
    "\tcp -r static/ dist/\n",
    ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n"
    "      - id: no-print\n        name: no print statements\n        entry: '^\\s*print\\('\n"
    "        language: pygrep\n        types: [python]\n"
    "      - id: black\n        name: black\n        entry: black --check\n"
    "        language: system\n        types: [python]\n",
    "web/package.json": '{\n  "name": "acme-web",\n  "version": "1.0.0",\n'
    '  "scripts": {\n    "build": "tsc -p .",\n    "test": "node --test test/"\n  }\n}\n',
    "web/tsconfig.json": '{\n  "compilerOptions": {\n    "strict": true,\n'
    '    "target": "ES2020",\n    "module": "commonjs",\n    "outDir": "dist"\n  },\n'
    '  "include": ["src"]\n}\n',
    "web/src/index.ts": "interface User {\n  id: number;\n  name: string;\n}\n\n"
    "function greet(user: User): string {\n  return 'hi ' + user.nmae;\n}\n\n"
    "const count: number = '3';\ngreet({ id: '7', name: 'ann' });\n",
    "web/src/format.ts": "export const  money=(n:number)=>{return '$'+n.toFixed(2)}\n",
    "web/server.js": "const express = require('express');\nexpress().listen(3000);\n",
    "web/report.js": "const data = JSON.parse('{\"rows\": null}');\n"
    "console.log(data.items.map((r) => r.id));\n",
    "web/bad.js": "function total(xs) {\n  return xs.reduce((a, b) => a + b, 0\n}\n",
    "web/fetch.js": "async function load() {\n  throw new Error('upstream returned 503');\n}\n"
    "load();\n",
    "web/test/sum.test.js": "const test = require('node:test');\n"
    "const assert = require('node:assert');\n\ntest('sum', () => {\n"
    "  assert.strictEqual([1, 2, 3].reduce((a, b) => a + b), 7);\n});\n",
    "goapp/go.mod": "module example.com/goapp\n\ngo 1.19\n",
    "goapp/main.go": 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n'
    '\tport := 8080\n\tfmt.Println("listening on", addr)\n}\n',
    "gotest/go.mod": "module example.com/gotest\n\ngo 1.19\n",
    "gotest/calc.go": "package calc\n\nfunc Add(a, b int) int { return a - b }\n",
    "gotest/calc_test.go": 'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n'
    '\tif got := Add(2, 3); got != 5 {\n\t\tt.Errorf("Add(2, 3) = %d; want 5", got)\n\t}\n}\n',
    "govet/go.mod": "module example.com/govet\n\ngo 1.19\n",
    "govet/main.go": 'package main\n\nimport "fmt"\n\nfunc main() {\n'
    '\tname := "api"\n\tfmt.Printf("service %d ready\\n", name)\n}\n',
    "godeps/go.mod": "module example.com/godeps\n\ngo 1.19\n",
    "godeps/main.go": 'package main\n\nimport "github.com/gorilla/mux"\n\n'
    "func main() { _ = mux.NewRouter() }\n",
    "gofmt/main.go": 'package main\nimport "fmt"\nfunc main(){\nfmt.Println("x")}\n',
    "rust/main.rs": 'fn main() {\n    let port: u16 = "8080";\n    println!("{}", port);\n}\n',
    "rust/lib.rs": "pub fn area(w: f64) -> f64 {\n    w * height\n}\n",
    "rust/borrow.rs": "fn main() {\n    let mut v = vec![1, 2];\n    let first = &v[0];\n"
    '    v.push(3);\n    println!("{}", first);\n}\n',
    "crate/Cargo.toml": '[package]\nname = "acme"\nversion = "0.1.0"\nedition = "2021"\n',
    "crate/src/lib.rs": "pub fn mean(xs: &[f64]) -> f64 {\n    xs.iter().sum::<f64>() / 2.0\n}\n\n"
    "#[cfg(test)]\nmod tests {\n    #[test]\n    fn mean_of_three() {\n"
    "        assert_eq!(super::mean(&[1.0, 2.0, 3.0]), 2.0);\n    }\n}\n",
    "cpp/CMakeLists.txt": "cmake_minimum_required(VERSION 3.16)\nproject(stats CXX)\n"
    "find_package(Boost 1.80 REQUIRED COMPONENTS program_options)\n",
    "cpp/stats.c": "#include <math.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
    'int main(int argc, char **argv) {\n  double x = atof(argv[0]);\n  printf("%f\\n", pow(x, 1.5));\n'
    "  return 0;\n}\n",
    "cpp/vec.cpp": "#include <string>\n#include <vector>\nint main() {\n"
    '  std::vector<int> ids;\n  ids.push_back(std::string("7"));\n  return 0;\n}\n',
    "java/Main.java": "public class Main {\n  public static void main(String[] args) {\n"
    '    int port = "8080";\n  }\n}\n',
    "java/Divide.java": "public class Divide {\n  public static void main(String[] args) {\n"
    "    int total = 10, n = 0;\n    System.out.println(total / n);\n  }\n}\n",
    "infra/main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n'
    '  tags = {\n    env = "prod"\n}\n',
    "infra-fmt/main.tf": 'variable "region" {\ndefault="eu-west-1"\n}\n',
    "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n"
    "spec:\n  replicas: 2\n   template:\n    spec:\n      containers:\n"
    "      - name: api\n        image: acme/api:1.4\n",
    "k8s/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n"
    "spec:\n  ports:\n  - port: 80\n    port: 8080\n",
    "data/resp.json": '{"items": ["alpha", "beta"]}\n',
    "data/jobs.json": '[{"id": 1, "status": "failed"}]\n',
    "data/settings.json": '{"config": {"retries": 3}}\n',
    "data/trailing.json": '{"a": 1,\n "b": [1, 2,],\n}\n',
    "data/empty.json": "{}\n",
    "data/report.csv": "user,orders\nann,3\nbob,5\n",
    "data/names.txt": "José\nZoë\n",
    "data/notes.xz": "plain text, not xz\n",
    "config/dev.env": "APP_ENV=dev\nDEBUG=1\nWORKERS=2\n",
    "config/prod.env": "APP_ENV=prod\nDEBUG=0\nWORKERS=8\n",
    "certs/server.pem": "-----BEGIN CERTIFICATE-----\nMIIBnotreallyacert\n"
    "-----END CERTIFICATE-----\n",
    "release.tar.gz.asc": "-----BEGIN PGP SIGNATURE-----\ngarbage\n-----END PGP SIGNATURE-----\n",
    "secrets.b64": "c2VjcmV0LWtleQ==*not-base64*\n",
    "patches/fix-timeout.patch": "--- a/config.yaml\n+++ b/config.yaml\n@@ -1,3 +1,3 @@\n"
    " server:\n-  timeout: 30\n+  timeout: 60\n   workers: 4\n",
    "patches/0001-fix.patch": "this is not a mail-formatted patch\n",
    "logs/app.log": "INFO start\nERROR db timeout\n",
}
_GIT = """\
set -e
git init -q -b main
git config user.name Dev
git config user.email dev@example.com
printf '.remotes/\\n__pycache__/\\n' > .git/info/exclude
git add -A
git commit -qm "initial import"
git switch -qc feature/tokenizer
sed -i 's/max_length: 512/max_length: 1024/' config.yaml
git commit -qam "longer context"
git switch -q main
sed -i 's/max_length: 512/max_length: 2048/' config.yaml
git commit -qam "bump max length"
git switch -q --orphan docs
echo "# docs" > index.md
git add index.md
git commit -qm "docs site"
git switch -q main
git clone -q --bare . .remotes/origin.git
git remote add origin .remotes/origin.git
git clone -q .remotes/origin.git .remotes/other
git -C .remotes/other -c user.name=Ann -c user.email=ann@example.com \\
    commit -q --allow-empty -m "hotfix from ann"
git -C .remotes/other push -q origin main
git clone -q . .remotes/deploy
git remote add deploy .remotes/deploy
"""
_template: Path | None = None


def _wheel(folder: Path, name: str, version: str, requires: list[str], python: str = "") -> None:
    """A minimal valid wheel (a module, METADATA, WHEEL, RECORD with hashes)."""
    module = name.replace("-", "_")
    info = f"{module}-{version}.dist-info"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
    meta += f"Requires-Python: {python}\n" if python else ""
    files = {
        f"{module}/__init__.py": f"VERSION = {version!r}\n",
        f"{info}/METADATA": meta,
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    with zipfile.ZipFile(folder / f"{module}-{version}-py3-none-any.whl", "w") as out:
        for path, text in files.items():
            out.writestr(path, text)


def _binary_files(root: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name in ("README.md", "config.yaml", "app/config.py"):
            tar.add(root / name, arcname=name)
    data = root / "data"
    (data / "broken.tar.gz").write_bytes(buffer.getvalue()[:300])
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as out:
        out.writestr("weights/model.json", "{}" * 4000)
    (data / "broken.zip").write_bytes(zipped.getvalue()[:-40])
    (data / "broken.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 20)
    (data / "broken.zst").write_bytes(b"\x28\xb5\x2f\xfd" + b"\x01" * 12)
    (data / "broken.bz2").write_bytes(b"BZh91AY&SY" + b"\x00" * 16)
    (data / "names.txt").write_bytes("José\nZoë\n".encode("latin-1"))
    db = sqlite3.connect(root / "db" / "app.db")
    db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    db.execute("INSERT INTO runs (name) VALUES ('baseline')")
    db.commit()
    db.close()
    (root / "checksums.txt").write_text(
        f"{hashlib.sha256(b'old build').hexdigest()}  data/report.csv\n", encoding="utf-8"
    )
    wheels = root / "wheels"
    wheels.mkdir()
    _wheel(wheels, "acme-core", "1.0", [])
    _wheel(wheels, "acme-core", "2.0", [])
    _wheel(wheels, "acme-api-client", "1.0", ["acme-core<2"])
    _wheel(wheels, "acme-fast", "3.1", [], python=">=3.12")


def template() -> Path:
    """The project, built on first use and kept for the process."""
    global _template
    if _template is None:
        top = Path(tempfile.mkdtemp(prefix="heldout3-noise-"))
        atexit.register(shutil.rmtree, top, True)
        root = top / "app"
        for name, text in FILES.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        (root / "db").mkdir()
        _binary_files(root)
        for name in ("node_modules", "web/node_modules"):
            (root / name).symlink_to(NODE_MODULES)
        subprocess.run(["bash", "-c", _GIT], cwd=root, check=True, capture_output=True)
        _template = root
    return _template


def fixtures(folder: Path) -> None:
    """A fresh copy of the project in `folder`."""
    shutil.copytree(template(), folder, symlinks=True, dirs_exist_ok=True)
