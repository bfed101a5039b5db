"""Everyday development failures for held-out set v5, run for real in a scratch repository
of a satellite-imagery team (`fixtures`): a Python package with tests of several kinds, a
C++ tool built with make, CMake and Ninja, a Rust crate and a Go service with failing
tests, a TypeScript dashboard (tsc, eslint, jest), local pre-commit hooks, docs (Sphinx,
MkDocs), a notebook and a few archives. None is an ML failure a skill would cover: builds,
tests, type checkers, shell builtins, network tools with no network, archives, packaging
offline. `collect.py` drops a command an earlier noise set (dev, v1-v4) ran or whose
output an earlier set holds, by code.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c1",
            "metadata": {},
            "outputs": [],
            "source": ["tiles = {'a': 1}\n", "print(tiles['b'])\n"],
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
_FILES: dict[str, str] = {
    "pyproject.toml": '[project]\nname = "geotiles"\nversion = "1.2.0"\nrequires-python = ">=3.10"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\nmarkers = ["slow: long tests"]\nxfail_strict = true\n\n[tool.mypy]\nstrict = true\n',
    "src/geotiles/__init__.py": '"""Tiles of satellite scenes."""\n',
    "src/geotiles/bbox.py": 'from dataclasses import dataclass\n\n\n@dataclass\nclass BBox:\n    west: float\n    south: float\n    east: float\n    north: float\n\n    def area(self) -> float:\n        return (self.east - self.west) * (self.north - self.south)\n\n    def contains(self, lon: float, lat: float) -> bool:\n        return self.west <= lon <= self.east and self.south <= lat < self.north\n\n\ndef parse(text: str) -> BBox:\n    parts = [float(p) for p in text.split(",")]\n    return BBox(*parts)\n\n\ndef union(a: BBox, b: BBox) -> BBox:\n    return BBox(min(a.west, b.west), min(a.south, b.south), max(a.east, b.east), a.north)\n',
    "src/geotiles/naming.py": 'def tile_name(z, x, y):\n    return f"{z}/{x}/{y}.png"\n\n\ndef parse_name(name: str) -> tuple[int, int, int]:\n    z, x, rest = name.split("/")\n    return int(z), int(x), rest.split(".")[0]\n\n\ndef scene_id(meta: dict) -> str:\n    return meta.get("id").upper()\n',
    "tests/test_bbox.py": 'import pytest\nfrom geotiles.bbox import BBox, parse, union\n\n\ndef test_area():\n    assert BBox(0, 0, 2, 3).area() == 6\n\n\ndef test_contains_edge():\n    assert BBox(0, 0, 1, 1).contains(1, 1)\n\n\ndef test_union():\n    assert union(BBox(0, 0, 1, 1), BBox(0, 0, 2, 2)) == BBox(0, 0, 2, 2)\n\n\n@pytest.mark.xfail(reason="antimeridian not handled")\ndef test_antimeridian():\n    assert BBox(170, 0, -170, 1).area() > 0\n\n\n@pytest.mark.parametrize("text", ["0,0,1,1", "0,0,1", "a,b,c,d"])\ndef test_parse(text):\n    assert parse(text).west == 0\n',
    "tests/test_naming.py": 'from geotiles.naming import parse_name, scene_id, tile_name\n\n\ndef test_roundtrip():\n    assert parse_name(tile_name(3, 4, 5)) == (3, 4, 5)\n\n\ndef test_scene_id_missing():\n    assert scene_id({}) == ""\n\n\ndef test_slow_mosaic():\n    import time\n    time.sleep(5)\n',
    "tests/test_broken.py": "from geotiles.reproject import to_utm\n\n\ndef test_utm():\n    assert to_utm(0, 0)\n",
    "tests/test_props.py": "from hypothesis import given, strategies as st\nfrom geotiles.bbox import BBox\n\n\n@given(st.floats(-180, 180), st.floats(-180, 180))\ndef test_area_non_negative(w, e):\n    assert BBox(w, 0, e, 1).area() >= 0\n",
    "conftest.py": "import sys\nsys.path.insert(0, 'src')\n",
    "cpp/Makefile": "CXX ?= g++\nCXXFLAGS = -O2 -Wall -Werror -std=c++17\n\nall: tiler merge\n\ntiler: tiler.cpp\n\t$(CXX) $(CXXFLAGS) tiler.cpp -o tiler\n\nmerge: merge.cpp\n\t$(CXX) $(CXXFLAGS) merge.cpp -lgdal -o merge\n\nclean:\n    rm -f tiler merge\n",
    "cpp/tiler.cpp": "#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> zooms = {1, 2, 3};\n    for (int i = 0; i < zooms.size(); i++) {\n        std::cout << zooms[i] << std::endl;\n    }\n    int unused = 4;\n    return 0;\n}\n",
    "cpp/merge.cpp": "#include <iostream>\n\nint mosaic(int n);\n\nint main() {\n    std::cout << mosaic(3) << std::endl;\n    return 0;\n}\n",
    "cpp/CMakeLists.txt": "cmake_minimum_required(VERSION 3.16)\nproject(tiler CXX)\nfind_package(GDAL 3.8 REQUIRED)\nadd_executable(tiler tiler.cpp)\ntarget_link_libraries(tiler GDAL::GDAL)\n",
    "cpp/crash.c": '#include <stdio.h>\n#include <stdlib.h>\n\nint main(int argc, char **argv) {\n    int *tiles = NULL;\n    if (argc > 1) abort();\n    printf("%d\\n", tiles[3]);\n    return 0;\n}\n',
    "cpp/build.ninja": "rule cxx\n  command = g++ -std=c++17 -c $in -o $out\nbuild tiler.o: cxx tiler.cpp\nbuild merge.o: cxx merge_fast.cpp\n",
    "rust/tilecount/Cargo.toml": '[package]\nname = "tilecount"\nversion = "0.2.0"\nedition = "2021"\n\n[dependencies]\n',
    "rust/tilecount/src/lib.rs": "pub fn tiles_at(zoom: u32) -> u64 {\n    4u64.pow(zoom)\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn zoom_two() {\n        assert_eq!(tiles_at(2), 8);\n    }\n\n    #[test]\n    fn overflow() {\n        let _ = tiles_at(40);\n    }\n}\n",
    "go/tileserver/go.mod": "module example.com/tileserver\n\ngo 1.19\n",
    "go/tileserver/server.go": 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc TileURL(z, x, y int) string {\n\treturn fmt.Sprintf("/tiles/%d/%d/%d.png", z, y, x)\n}\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})\n\tfmt.Println(http.ListenAndServe(":8080", nil))\n}\n',
    "go/tileserver/server_test.go": 'package main\n\nimport "testing"\n\nfunc TestTileURL(t *testing.T) {\n\tif got := TileURL(3, 1, 2); got != "/tiles/3/1/2.png" {\n\t\tt.Errorf("TileURL() = %q", got)\n\t}\n}\n\nfunc TestPanics(t *testing.T) {\n\tvar m map[string]int\n\tm["a"] = 1\n}\n',
    "web/package.json": '{\n  "name": "tiles-dashboard",\n  "version": "0.1.0",\n  "private": true,\n  "scripts": {\n    "build": "tsc -p .",\n    "lint": "eslint src",\n    "test": "jest",\n    "start": "node dist/index.js"\n  }\n}\n',
    "web/tsconfig.json": '{\n  "compilerOptions": {\n    "target": "ES2020",\n    "module": "commonjs",\n    "strict": true,\n    "outDir": "dist"\n  },\n  "include": ["src"]\n}\n',
    "web/src/index.ts": 'interface Tile {\n  z: number;\n  x: number;\n  y: number;\n}\n\nfunction url(tile: Tile): string {\n  return `/tiles/${tile.z}/${tile.x}/${tile.y}.png`;\n}\n\nconst first: Tile = { z: 1, x: "0", y: 0 };\nconsole.log(url(first), undefinedName);\n',
    "web/src/zoom.js": "function clamp(z) {\n  if (z > 22) return 22\n  var unused = 1;\n  return z\n}\nmodule.exports = { clamp };\n",
    "web/src/zoom.test.js": "const { clamp } = require('./zoom');\n\ntest('clamps high zoom', () => {\n  expect(clamp(30)).toBe(22);\n});\n\ntest('clamps negative zoom', () => {\n  expect(clamp(-1)).toBe(0);\n});\n",
    "web/eslint.config.js": "module.exports = [\n  {\n    files: ['**/*.js'],\n    rules: { 'no-unused-vars': 'error', semi: ['error', 'always'] },\n  },\n];\n",
    ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: no-large-tiles\n        name: no large tiles\n        entry: scripts/check_sizes.sh\n        language: script\n        files: '\\.png$'\n      - id: todo-check\n        name: no TODO in src\n        entry: 'TODO'\n        language: pygrep\n        files: '^src/'\n      - id: mypy-local\n        name: mypy\n        entry: mypy src\n        language: system\n        pass_filenames: false\n",
    "scripts/check_sizes.sh": '#!/usr/bin/env bash\nfor f in "$@"; do echo "too large: $f"; done\nexit 1\n',
    "scripts/deploy.sh": '#!/usr/bin/env bash\nset -euo pipefail\nwhile getopts "e:" opt; do\n  case $opt in\n    e) ENV=$OPTARG ;;\n    *) echo "usage: deploy.sh -e ENV" >&2; exit 2 ;;\n  esac\ndone\necho "deploying to $ENV"\n',
    "tiles/logo.png": "not really a png\n",
    "docs/conf.py": 'project = "geotiles"\nextensions = ["sphinx.ext.autodoc"]\n',
    "docs/index.rst": "geotiles\n========\n\n.. toctree::\n\n   usage\n   api\n\nSee :ref:`missing-label`.\n",
    "docs/usage.rst": "Usage\n-----\n\nRun ``tiler``.\n\n.. code-block:: pythn\n\n   import geotiles\n",
    "mkdocs.yml": "site_name: geotiles\nnav:\n  - Home: index.md\n  - Reprojection: reproject.md\nstrict: true\n",
    "mkdocsdocs/index.md": "# geotiles\n\nSee [the API](api.md).\n",
    "tasks.py": 'from invoke import task\n\n\n@task\ndef tiles(c, zoom=3):\n    c.run(f"python -m geotiles.render --zoom {zoom}")\n\n\n@task\ndef clean(c):\n    c.run("rm -r build/")\n',
    "tox.ini": "[tox]\nenvlist = py311, lint\n\n[testenv]\ndeps = pytest\ncommands = pytest -q\n\n[testenv:lint]\nskip_install = true\ndeps = ruff\ncommands = ruff check src\n",
    "alembic.ini": "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///tiles.db\n",
    "notebooks/explore.ipynb": json.dumps(_NOTEBOOK, indent=1),
    "notebooks/broken.ipynb": '{"cells": [ {"cell_type": "code",',
    "data/scenes.csv": "id,cloud,date\nS2A_001,0.1,2024-05-01\nS2A_002,0.7,2024-05-03\n",
    "data/scenes.yaml": "scenes:\n  - id: S2A_001\n    cloud: 0.1\n  - id: S2A_002\n   cloud: 0.7\n",
    "data/catalog.json": '{"type": "FeatureCollection", "features": []}\n',
    "data/tiles.zip": "PK\x03\x04 truncated zip\n",
    "data/scenes.tar.gz": "\x1f\x8b\x08 broken gzip stream\n",
    "data/mask.tif.xz": "not xz data\n",
    "certs/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIBnotreallyacert\n-----END CERTIFICATE-----\n",
    "README.md": "# geotiles\n\nTiles for satellite scenes.\n",
    ".gitignore": "build/\ndist/\nnode_modules/\n*.o\n",
}
_HOME_GITCONFIG = (
    "[user]\n\tname = Dev\n\temail = dev@example.com\n[init]\n\tdefaultBranch = main\n"
)


def _git(root: Path, *args: str) -> None:
    env = {"HOME": str(root / ".home"), "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def git_history(
    root: Path, first: str, branch: tuple[str, str, str, str], main: tuple[str, str]
) -> None:
    """`root` committed once as `first`; a `branch` (name, file, text, message) that
    changes the file; main changing it too (text, message), pushed to a bare `origin`
    (`.home/origin.git`) and then reset one commit back, so origin is one commit ahead
    (v5, v6)."""
    name, path, theirs, message = branch
    (root / ".home").mkdir(exist_ok=True)
    (root / ".home/.gitconfig").write_text(_HOME_GITCONFIG, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", first)
    _git(root, "clone", "-q", "--bare", ".", ".home/origin.git")
    _git(root, "remote", "add", "origin", str(root / ".home/origin.git"))
    _git(root, "fetch", "-q", "origin")
    _git(root, "branch", "-q", "--set-upstream-to=origin/main")
    _git(root, "checkout", "-qb", name)
    (root / path).write_text(theirs, encoding="utf-8")
    _git(root, "commit", "-qam", message)
    _git(root, "checkout", "-q", "main")
    (root / path).write_text(main[0], encoding="utf-8")
    _git(root, "commit", "-qam", main[1])
    _git(root, "push", "-q", "origin", "main")
    _git(root, "reset", "-q", "--hard", "HEAD~1")


def fixtures(root: Path) -> None:
    """The scratch repository: committed once, a branch that conflicts with main, and a
    bare `origin` beside it that is one commit ahead."""
    for name, text in _FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for script in ("scripts/check_sizes.sh", "scripts/deploy.sh"):
        (root / script).chmod(0o755)
    git_history(
        root,
        "geotiles 1.2.0",
        ("feat/utm", "README.md", "# geotiles\n\nTiles in UTM.\n", "utm readme"),
        ("# geotiles\n\nTiles in web mercator.\n", "mercator readme"),
    )
    (root / "README.md").write_text("# geotiles\n\nLocal edit.\n", encoding="utf-8")
    _git(root, "commit", "-qam", "local readme")


COMMANDS: list[tuple[str, str]] = [
    # make, cmake, ninja, compilers
    ("make-j-werror", "make -C cpp -j2"),
    ("make-clean-spaces", "make -C cpp clean"),
    (
        "make-no-rule-prereq",
        "printf 'tiles.txt: scenes.txt\\n\\tcp $< $@\\n' > Makefile.tiles && make -f Makefile.tiles",
    ),
    ("make-keep-going", "make -C cpp -k tiler merge CXXFLAGS=-Werror=unused-variable"),
    ("make-recursive", "printf 'all:\\n\\t$(MAKE) -C cpp merge\\n' > Makefile && make"),
    ("make-missing-dir", "make -C services/ingest"),
    ("make-question", "make -C cpp -q tiler"),
    ("cmake-find-package", "cmake -S cpp -B build/cpp"),
    ("cmake-unknown-generator", "cmake -S cpp -B build/cpp -G 'Ninja Multi-Config X'"),
    ("cmake-build-unconfigured", "cmake --build build/release --target tiler"),
    (
        "cmake-bad-version",
        "printf 'cmake_minimum_required(VERSION 9.0)\\n' > CMakeLists.txt && cmake -S . -B build/x",
    ),
    ("ninja-no-file", "ninja -C build"),
    ("ninja-missing-input", "cd cpp && ninja"),
    ("ninja-unknown-target", "cd cpp && ninja docs"),
    ("gxx-undefined-ref", "g++ -std=c++17 cpp/merge.cpp -o merge"),
    ("gxx-missing-lib", "g++ cpp/tiler.cpp -lgdal -o tiler"),
    ("gxx-werror", "g++ -Wall -Werror cpp/tiler.cpp -o tiler"),
    ("gcc-segfault", "gcc cpp/crash.c -o crash && ./crash"),
    ("gcc-abort", "gcc cpp/crash.c -o crash && ./crash now"),
    ("gdb-batch-crash", "gcc -g cpp/crash.c -o crash && gdb -q -batch -ex run -ex bt ./crash"),
    ("valgrind-missing", "valgrind --error-exitcode=1 ./build/tiler"),
    ("gcc-no-input", "gcc -O2 -o tiler"),
    ("cc-unknown-flag", "gcc -fsanitize=memoryleak cpp/crash.c -o crash"),
    # cargo and go
    ("cargo-test-fail", "cd rust/tilecount && cargo test --offline -q"),
    ("cargo-test-filter", "cd rust/tilecount && cargo test --offline overflow"),
    ("cargo-missing-manifest", "cargo build --offline"),
    (
        "cargo-fmt-check",
        "cd rust/tilecount && printf 'pub fn  x( ) {}\\n' >> src/lib.rs && cargo fmt --check",
    ),
    ("cargo-clippy", "cd rust/tilecount && cargo clippy --offline -- -D warnings"),
    ("cargo-add-offline", "cd rust/tilecount && cargo add serde --offline"),
    ("cargo-run-lib", "cd rust/tilecount && cargo run --offline"),
    ("go-test-fail", "cd go/tileserver && go test ./..."),
    ("go-test-run", "cd go/tileserver && go test -run TestTileURL -v ."),
    (
        "go-mod-tidy-offline",
        "cd go/tileserver && printf 'package main\\nimport _ \"github.com/gorilla/mux\"\\n' > deps.go && go mod tidy",
    ),
    ("go-build-outside-module", "go build ./..."),
    (
        "gofmt-list",
        "cd go/tileserver && printf 'package main\\nfunc  f( ) {}\\n' > fmt.go && test -z \"$(gofmt -l .)\"",
    ),
    (
        "go-vet-printf",
        'cd go/tileserver && printf \'package main\\nimport "fmt"\\nfunc g() { fmt.Printf("%%d", "x") }\\n\' > vet.go && go vet .',
    ),
    # node, tsc, eslint, jest
    ("tsc-errors", "cd web && tsc -p . --noEmit"),
    ("tsc-no-config", "tsc --noEmit"),
    ("tsc-bad-option", "cd web && tsc --target es2099 --noEmit"),
    ("npm-run-build", "cd web && npm run build"),
    ("npm-run-lint", "cd web && npm run lint"),
    ("eslint-errors", "cd web && eslint src/zoom.js"),
    ("eslint-no-config", "eslint src"),
    ("jest-fail", "cd web && jest --ci"),
    ("jest-no-tests", "cd web && jest --ci tiles_nothing"),
    ("npm-test-fail", "cd web && npm test --silent"),
    ("npm-start-missing-dist", "cd web && npm start"),
    ("npm-ci-no-lock", "cd web && npm ci --offline"),
    ("npm-install-offline", "cd web && npm install --offline leaflet@1.9.4"),
    (
        "node-check-syntax",
        "printf 'export default {\\n' > web/src/bad.mjs && node --check web/src/bad.mjs",
    ),
    ("node-type-error", 'node -e "const tile = undefined; console.log(tile.z)"'),
    ("node-unhandled-reject", "node -e \"Promise.reject(new Error('tile fetch failed: 503'))\""),
    ("npx-missing-offline", "cd web && npx --offline --no-install prettier --check src"),
    ("pyright-errors", "pyright src/geotiles"),
    # pre-commit and git hooks
    ("pre-commit-local", "git add -A && pre-commit run --all-files"),
    ("pre-commit-one-hook", "pre-commit run todo-check --all-files"),
    ("pre-commit-unknown-hook", "pre-commit run black --all-files"),
    (
        "pre-commit-bad-config",
        "printf 'repos: [\\n' > .pre-commit-config.yaml && pre-commit run --all-files",
    ),
    (
        "git-hook-pre-commit",
        "printf '#!/bin/sh\\necho \"pre-commit: tests must pass\" >&2\\nexit 1\\n' > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit && git commit --allow-empty -m wip",
    ),
    (
        "git-hook-commit-msg",
        'printf \'#!/bin/sh\\ngrep -qE "^(feat|fix|docs):" "$1" || { echo "commit message must start with feat:, fix: or docs:"; exit 1; }\\n\' > .git/hooks/commit-msg && chmod +x .git/hooks/commit-msg && git commit --allow-empty -m \'update tiles\'',
    ),
    # type checkers and linters
    ("mypy-strict-config", "mypy src"),
    ("mypy-one-file", "mypy src/geotiles/naming.py"),
    ("mypy-no-files", "mypy src/geotiles/reproject.py"),
    ("mypy-bad-flag", "mypy --strict-optional-everything src"),
    ("ruff-select-all", "ruff check --select ALL src"),
    ("ruff-bad-rule", "ruff check --select XYZ999 src"),
    ("black-diff", "black --diff --check src"),
    ("codespell", "printf 'recieve the tiles\\n' >> README.md && codespell README.md"),
    (
        "bandit",
        "printf 'import subprocess\\nsubprocess.call(\"ls\", shell=True)\\n' > src/geotiles/shell.py && bandit -q -r src",
    ),
    ("vulture", "vulture src --min-confidence 60"),
    ("pydocstyle", "pydocstyle src/geotiles/bbox.py"),
    # pytest, options and plugins
    ("pytest-x", "pytest -x -q tests/test_bbox.py"),
    ("pytest-k-none", "pytest -q -k 'mercator and not slow'"),
    ("pytest-collection-error", "pytest -q tests/test_broken.py"),
    ("pytest-collect-all", "pytest -q"),
    ("pytest-xfail-strict", "pytest -q tests/test_bbox.py::test_antimeridian --runxfail"),
    ("pytest-marker-strict", "pytest -q --strict-markers -m gpu"),
    ("pytest-timeout", "pytest -q -p timeout --timeout 2 tests/test_naming.py::test_slow_mosaic"),
    ("pytest-xdist", "pytest -q -n 2 tests/test_bbox.py tests/test_naming.py"),
    ("pytest-maxfail", "pytest --maxfail=2 -q --tb=no"),
    ("pytest-lf-none", "pytest -q --lf --lfnf=none tests/test_bbox.py"),
    ("pytest-hypothesis", "pytest -q tests/test_props.py"),
    (
        "pytest-doctest",
        'printf \'def half(x):\\n    """\\n    >>> half(3)\\n    1\\n    """\\n    return x / 2\\n\' > src/geotiles/half.py && pytest -q --doctest-modules src',
    ),
    ("pytest-param-id", "pytest -q 'tests/test_bbox.py::test_parse[0,0,1]'"),
    ("pytest-no-such-test", "pytest -q tests/test_bbox.py::test_intersection"),
    ("pytest-cov-fail-under", "pytest -q --cov=src --cov-fail-under=95 tests/test_bbox.py"),
    ("pytest-durations-fail", "pytest -q --durations=3 -x tests/test_naming.py"),
    ("pytest-unknown-ini", "pytest -q -o xfail_strict=maybe tests/test_bbox.py"),
    ("pytest-rootdir-missing", "pytest -q --rootdir=/nonexistent tests/test_naming.py"),
    (
        "pytest-warnings-error",
        "pytest -q -W error::DeprecationWarning -p no:cacheprovider tests/test_naming.py",
    ),
    ("unittest-discover-fail", "python -m unittest discover -s tests -p 'test_*.py'"),
    # docs
    ("sphinx-warnings", "sphinx-build -W -q -b html docs build/docs"),
    ("sphinx-no-conf", "sphinx-build -q -b html docs/api build/api"),
    ("mkdocs-strict", "mkdocs build --strict -d build/site"),
    ("mkdocs-no-docs-dir", "mkdocs build -f mkdocs.yml -d build/site2"),
    # notebooks
    (
        "nbconvert-keyerror",
        "jupyter nbconvert --to notebook --execute notebooks/explore.ipynb --output /tmp/out.ipynb",
    ),
    ("nbconvert-bad-json", "jupyter nbconvert --to html notebooks/broken.ipynb"),
    (
        "nbconvert-missing-kernel",
        "jupyter nbconvert --execute --ExecutePreprocessor.kernel_name=r notebooks/explore.ipynb --to notebook",
    ),
    ("jupyter-notebook-missing", "jupyter notebook --no-browser"),
    ("jupyter-kernelspec-remove", "jupyter kernelspec remove -y julia-1.10"),
    # task runners and packaging offline
    ("invoke-failing", "invoke tiles --zoom 5"),
    ("invoke-no-task", "invoke deploy"),
    ("invoke-clean", "invoke clean"),
    ("tox-py311", "tox -e py311 -q"),
    ("tox-unknown-env", "tox -e py27"),
    ("uv-pip-offline", "uv pip install --offline --python .venv/bin/python rasterio"),
    ("uv-venv-python-missing", "uv venv --offline --python 3.8.1 .venv38"),
    ("uv-run-no-project", "uv run --offline --no-project -m geotiles.render"),
    ("uv-lock-offline", "uv lock --offline"),
    ("uv-sync-offline", "uv sync --offline"),
    ("uv-tool-run-offline", "uv tool run --offline ruff@0.0.1 check"),
    ("pip-install-offline-editable", "pip install --no-index --no-build-isolation -e . -q"),
    ("pip-check-missing", "python -m pip check >/dev/null && pip show rasterio"),
    ("pip-wheel-offline", "pip wheel --no-index -w dist ."),
    ("pip-config-bad", "PIP_CONFIG_FILE=tox.ini pip install --no-index shapely"),
    ("conda-missing", "conda env create -f environment.yml"),
    ("mamba-missing", "mamba install -y gdal"),
    ("alembic-no-migrations", "alembic upgrade head"),
    ("alembic-no-ini", "alembic -c migrations/alembic.ini current"),
    ("dvc-missing", "dvc pull data/scenes.dvc"),
    # python everyday errors
    (
        "py-none-attr",
        "PYTHONPATH=src python -c 'from geotiles.naming import scene_id; scene_id({})'",
    ),
    (
        "py-tuple-unpack",
        "PYTHONPATH=src python -c 'from geotiles.bbox import parse; parse(\"1,2,3\")'",
    ),
    ("py-name-error", "python -c 'tiles = 3\nprint(tile)'"),
    (
        "py-circular-import",
        "mkdir -p pkgc && printf 'from pkgc.b import B\\nA = 1\\n' > pkgc/a.py && printf 'from pkgc.a import A\\nB = 2\\n' > pkgc/b.py && touch pkgc/__init__.py && python -c 'import pkgc.a'",
    ),
    ("py-config-missing", "python -c 'import json; json.load(open(\"configs/tiles.json\"))'"),
    (
        "py-csv-dictreader-key",
        'python -c \'import csv; [r["cloud_cover"] for r in csv.DictReader(open("data/scenes.csv"))]\'',
    ),
    ("py-yaml-scene", "python -c 'import yaml; yaml.safe_load(open(\"data/scenes.yaml\"))'"),
    ("py-fstring-syntax", "python -c 'x = 1\nprint(f\"{x!z}\")'"),
    (
        "py-datetime-format",
        'python -c \'from datetime import datetime; datetime.strptime("2024-05-01T10:00", "%Y-%m-%d %H:%M")\'',
    ),
    ("py-int-base", "python -c 'int(\"0x1f\")'"),
    (
        "py-subprocess-check",
        'python -c \'import subprocess; subprocess.run(["ls", "renders"], check=True)\'',
    ),
    ("py-open-dir", "python -c 'open(\"data\").read()'"),
    ("py-os-makedirs-exists", "python -c 'import os; os.makedirs(\"data\")'"),
    ("py-sys-exit-msg", "python -c 'import sys; sys.exit(\"no scenes left to tile\")'"),
    ("py-keyboard-timeout", "timeout -s INT 1 python -c 'import time; time.sleep(5)'"),
    ("py-m-missing", "python -m geotiles.render --zoom 3"),
    ("py-site-no-user", "python -s -I -c 'import geotiles'"),
    (
        "py-warnings-error",
        "python -W error -c 'import warnings; warnings.warn(\"tile cache is stale\", UserWarning)'",
    ),
    (
        "py-http-refused",
        "python -c 'import urllib.request; urllib.request.urlopen(\"http://127.0.0.1:9/tiles\")'",
    ),
    (
        "py-dns-fail",
        "python -c 'import socket; socket.getaddrinfo(\"tiles.internal.invalid\", 443)'",
    ),
    (
        "py-port-in-use",
        "python -m http.server 8131 >/dev/null 2>&1 & sleep 1; python -m http.server 8131; status=$?; kill %1; exit $status",
    ),
    ("py-assert-plain", "python -O -c 'import sys; assert False' && python -c 'assert 1 + 1 == 3'"),
    ("py-sqlite-db-dir", "python -c 'import sqlite3; sqlite3.connect(\"cache/tiles.db\")'"),
    ("py-shlex-quote", 'python -c \'import shlex; shlex.split("tiler --name \\"unclosed")\''),
    ("py-zip-corrupt", "python -m zipfile -l data/tiles.zip"),
    ("py-tarfile-cli", "python -m tarfile -l data/scenes.tar.gz"),
    ("py-json-tool-yaml", "python -m json.tool data/scenes.yaml"),
    ("py-compileall", "printf 'def f(:\\n' > src/geotiles/bad.py && python -m compileall -q src"),
    # shell builtins
    ("cd-dash-unset", "cd -"),
    ("popd-empty", "popd"),
    ("pushd-missing", "pushd /srv/tiles"),
    ("shift-too-far", "set -- a; shift 3"),
    ("getopts-deploy", "./scripts/deploy.sh -x prod"),
    ("deploy-unbound", "./scripts/deploy.sh"),
    ("local-outside", "local zoom=3"),
    ("return-outside", "return 1"),
    ("readonly-assign", "readonly ZOOM=3; ZOOM=4"),
    ("test-integer", '[ "$TILES" -gt 10 ]'),
    ("test-too-many", "[ data/*.csv data/*.json ]"),
    ("exec-missing", "exec ./build/tiler --zoom 3"),
    ("trap-bad-signal", "trap 'echo bye' SIGFOO"),
    ("ulimit-file-size", "ulimit -f 1; head -c 10000 /dev/zero > big.bin"),
    ("ulimit-invalid", "ulimit -n unlimitedx"),
    ("dev-full", "dd if=/dev/zero of=/dev/full bs=1k count=4"),
    ("write-proc-sys", "echo 3 > /proc/sys/vm/drop_caches"),
    ("hash-missing", "hash gdalinfo"),
    ("alias-missing", "unalias ll"),
    ("declare-assoc", "declare -A tiles; tiles[a b]=1; echo ${tiles[x"),
    ("printf-invalid-number", "printf '%d tiles\\n' 3.5"),
    ("read-timeout", "read -t 1 -r answer < <(sleep 3)"),
    ("set-unknown-option", "set -o pipefial"),
    ("wait-n-no-jobs", "wait -n"),
    ("fg-no-job", "fg %2"),
    ("disown-no-job", "disown %1"),
    ("kill-job-spec", "kill %3"),
    ("sh-posix-array", "sh -c 'zooms=(1 2 3); echo ${zooms[0]}'"),
    ("bash-c-syntax", "bash -c 'for z in 1 2 3; do echo $z'"),
    (
        "source-script-error",
        "printf 'export TILES=1\\nfalse_command_here\\n' > env.sh && set -e && source env.sh",
    ),
    ("errexit-subshell", "set -e; (cd build && make)"),
    ("pipestatus", "set -o pipefail; ls tiles/ | grep -q '.tif$'"),
    ("heredoc-unterminated", "cat <<EOF > tiles.txt\nz=3"),
    ("nounset-array", 'set -u; echo "${ZOOMS[@]}"'),
    # network tools, no network
    (
        "curl-fail-404",
        "python -m http.server 8132 >/dev/null 2>&1 & sleep 1; curl -fsS http://127.0.0.1:8132/tiles/3/1/2.png -o tile.png; status=$?; kill %1; exit $status",
    ),
    ("curl-dns", "curl -sS --max-time 5 https://tiles.example.invalid/3/1/2.png"),
    ("curl-bad-scheme", "curl -sS htps://tiles.example.com/"),
    ("curl-output-dir", "curl -sS -o renders/missing/tile.png file:///etc/hostname"),
    ("curl-file-missing", "curl -sS file:///srv/tiles/index.json"),
    (
        "curl-post-refused",
        "curl -sS -X POST -H 'Content-Type: application/json' -d '{\"z\":3}' http://localhost:7070/render",
    ),
    ("wget-dns", "wget -q --tries=1 --timeout=5 https://tiles.example.invalid/index.json"),
    ("wget-refused-spider", "wget --spider --tries=1 http://127.0.0.1:7071/health"),
    ("ssh-keygen-missing", "ssh-keygen -l -f ~/.ssh/id_ed25519.pub"),
    (
        "ssh-config-bad",
        "printf 'Host gpu\\n  HostName\\n' > ssh_config && ssh -F ssh_config gpu true",
    ),
    ("sftp-no-host", "sftp -o BatchMode=yes -o ConnectTimeout=3 tiles@sftp.invalid"),
    ("scp-local-missing", "scp renders/tile.png /tmp/"),
    ("ssh-add-no-agent", "ssh-add -l"),
    ("git-ls-remote-dns", "git ls-remote https://git.example.invalid/geo/tiles.git"),
    ("openssl-verify", "openssl verify -CAfile certs/ca.pem certs/server.pem"),
    ("openssl-x509-bad", "openssl x509 -in certs/ca.pem -noout -subject"),
    ("openssl-s-client", "timeout 5 openssl s_client -connect 127.0.0.1:8443 </dev/null"),
    ("gpg-verify-missing", "gpg --verify data/scenes.csv.asc data/scenes.csv"),
    (
        "aws-no-creds",
        "AWS_EC2_METADATA_DISABLED=true aws s3 ls s3://sentinel-tiles/ --region eu-central-1",
    ),
    ("gh-repo-view", "GH_TOKEN= gh repo view geo/tiles"),
    # archives
    ("tar-list-plain", "tar tzf data/scenes.tar.gz"),
    (
        "tar-extract-missing-member",
        "tar czf scenes.tgz data/scenes.csv && tar xzf scenes.tgz data/catalog.json",
    ),
    ("tar-xz-not-xz", "tar xJf data/mask.tif.xz"),
    ("unzip-corrupt", "unzip -t data/tiles.zip"),
    ("unzip-member-missing", "zip -q tiles.zip README.md && unzip -q tiles.zip tiles/index.json"),
    ("zip-test-corrupt", "zip -T data/tiles.zip"),
    ("gzip-test", "gzip -t data/scenes.tar.gz"),
    ("gunzip-not-gz", "gunzip -c data/scenes.csv"),
    ("xz-decompress", "xz -d -k data/mask.tif.xz"),
    ("zstd-bad", "zstd -d data/scenes.csv -o scenes.out"),
    # git, new situations
    ("git-merge-conflict", "git merge feat/utm"),
    ("git-push-rejected", "git push origin main"),
    ("git-pull-ff-only", "git pull --ff-only"),
    ("git-rebase-conflict", "git rebase feat/utm"),
    (
        "git-apply-fails",
        "printf -- '--- a/README.md\\n+++ b/README.md\\n@@ -1,3 +1,3 @@\\n # geotiles\\n \\n-Tiles for everything.\\n+Tiles.\\n' > fix.patch && git apply fix.patch",
    ),
    ("git-am-missing", "git am patches/0001-utm.patch"),
    ("git-bisect-no-start", "git bisect bad"),
    ("git-worktree-exists", "git worktree add ../wt feat/utm && git worktree add ../wt2 feat/utm"),
    ("git-config-missing", "git config --get remote.upstream.url"),
    ("git-grep-none", "git grep -n 'EPSG:3857'"),
    ("git-restore-missing", "git restore src/geotiles/reproject.py"),
    ("git-switch-dirty", "echo x >> README.md && git switch feat/utm"),
    ("git-stash-show-none", "git stash show -p"),
    ("git-log-bad-rev", "git log --oneline v1.2.0..HEAD"),
    ("git-commit-amend-empty", "git commit --amend --no-edit --only --allow-empty-message -m '' "),
    ("git-push-tag-missing", "git push origin v1.2.0"),
    ("git-remote-exists", "git remote add origin https://github.com/geo/tiles.git"),
    ("git-checkout-ours-none", "git checkout --ours README.md"),
    ("git-merge-abort-none", "git merge --abort"),
    ("git-cherry-pick-conflict", "git cherry-pick feat/utm"),
    ("git-branch-upstream", "git branch --set-upstream-to=origin/feat/utm"),
    ("git-archive-bad-path", "git archive -o src.tar HEAD docs/api"),
    # misc tools
    ("sqlite-read-missing", "sqlite3 tiles.db '.read migrations/001_init.sql'"),
    (
        "sqlite-constraint",
        "sqlite3 tiles.db 'create table t (z int not null); insert into t values (null);'",
    ),
    ("yq-bad-yaml", "yq '.scenes[0].id' data/scenes.yaml"),
    ("jq-geojson-null", "jq -e '.features[0].properties.id' data/catalog.json"),
    ("iconv-illegal", "printf 'caf\\xe9\\n' > latin.txt && iconv -f utf-8 -t ascii latin.txt"),
    ("identify-missing", "identify tiles/z3/1/2.png"),
    ("file-magic-check", "file --mime-type tiles/logo.png | grep -q image/png"),
    ("bc-divide-zero", "echo 'scale=2; 5/0' | bc"),
    (
        "perl-die",
        'perl -e \'open(my $f, "<", "data/tiles.idx") or die "cannot open tiles index: $!\\n"\'',
    ),
    ("strace-missing-binary", "strace -f -o trace.txt ./build/tiler"),
    ("tmux-new-no-tty", "tmux new-session -s tiles"),
    (
        "terraform-fmt-check",
        'mkdir -p infra && printf \'resource "null_resource" "x" {\\ntriggers = {a=1}\\n}\\n\' > infra/main.tf && terraform fmt -check infra',
    ),
    (
        "terraform-validate-bad",
        "mkdir -p infra && printf 'resource \"x\" {\\n' > infra/main.tf && terraform -chdir=infra validate",
    ),
    ("kubectl-context-missing", "kubectl config use-context gpu-cluster"),
    (
        "docker-compose-config",
        "printf 'services:\\n  tiler:\\n    image: tiler\\n    ports: 8080\\n' > compose.yaml && docker compose config",
    ),
    (
        "javac-type-error",
        "mkdir -p java && printf 'class Tile { int z = \"3\"; }\\n' > java/Tile.java && javac java/Tile.java",
    ),
    (
        "mvn-offline-missing-dep",
        "printf '<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId><version>1</version><dependencies><dependency><groupId>org.locationtech.jts</groupId><artifactId>jts-core</artifactId><version>1.19.0</version></dependency></dependencies></project>' > pom.xml && mvn -q -o compile",
    ),
    ("pdflatex-missing", "pdflatex -interaction=nonstopmode docs/paper.tex"),
    ("latexmk-missing", "latexmk -pdf docs/paper.tex"),
    ("crontab-file-bad", "printf 'not a cron line\\n' > tiles.cron && crontab tiles.cron"),
    ("chmod-bad-mode", "chmod 8755 scripts/deploy.sh"),
    ("chown-unknown-user", "chown tiles:tiles data/scenes.csv"),
    ("ln-target-dir-missing", "ln -s ../data build/links/data"),
    ("realpath-missing", "realpath -e build/tiler"),
    ("install-missing-dir", "install -m 755 build/tiler /opt/geotiles/bin/"),
    ("split-bad-size", "split -b 10X data/scenes.csv part_"),
    ("env-command-missing", "env -i PATH=/usr/bin gdalinfo data/scene.tif"),
    ("nice-bad", "nice -n abc python -V"),
    ("timeout-kill", "timeout 1 sleep 5"),
    ("numfmt-bad", "numfmt --from=iec 12Q"),
    ("date-utc-parse", "date -u -d '2024-05-01T25:00:00Z'"),
    (
        "md5sum-check-fail",
        "md5sum data/scenes.csv > sums.md5 && echo x >> data/scenes.csv && md5sum -c sums.md5",
    ),
    (
        "comm-unsorted",
        "printf 'b\\na\\n' > a.txt && printf 'a\\nb\\n' > b.txt && comm --check-order a.txt b.txt",
    ),
    (
        "join-unsorted",
        "printf 'S2A_002 x\\nS2A_001 y\\n' > left.txt && join --check-order left.txt left.txt",
    ),
    ("tr-bad-range", "echo tiles | tr 'z-a' 'A-Z'"),
    ("xargs-exit-255", "printf 'a\\nb\\n' | xargs -I{} sh -c 'exit 255'"),
    ("find-exec-fail", "find data -name '*.csv' -exec false {} +"),
    ("rsync-missing", "rsync -av tiles/ backup:/srv/tiles/"),
    ("sudo-missing", "sudo -n systemctl restart tileserver"),
    ("watch-missing-tty", "watch -n 1 -g ls tiles"),
]
