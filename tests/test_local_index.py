"""Inside an installed `all-skills` the plugin's client builds its index from the registry's
files (`scripts/local_index.py` with the copies in `scripts/registry_build/`, built by
`scripts/index_builder.py`): the index
`site-gen build` publishes, built in a background process that hooks never wait for, one
builder at a time, once per registry version. Run as Claude Code runs it: `python3 -I`, the
data folder in `CLAUDE_PLUGIN_DATA`, no site anywhere."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import GOOD_SKILL, REPO, plugin_files

from site_gen.cli import main
from site_gen.search.compact import PATH
from site_gen.search.compact_parts import read_part
from site_gen.search.vendor_build import SITE_GEN
from tests.test_hook_client import PYTHON3, Client, covered_failure

SITE_URL = "https://team.example.org/registry/"
SECRET = "hf_" + "Qm7XvTn2RbKp9WzLd4YhGc8NsJf3VaEu6P"
SCRIPTS = "plugins/tooling/skills-registry/scripts"
FP16 = "Exit code 1\nValueError: Attempting to unscale FP16 gradients.\n"
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
PYTHON39 = str(next(iter(sorted(PYENV.glob("versions/3.9*/bin/python3"))), PYTHON3))
"""The oldest Python the client promises, when the machine has it (pyenv here)."""


def registry_copy(tmp_path: Path, broken: bool = False) -> Path:
    """A registry as a clone has it (the repo's plugins, marketplace, hooks), publishing to
    `SITE_URL`; with `broken`, plugins `site-gen build --skip-invalid` leaves out (bad YAML, a
    secret, plugin and skill names used twice) and one it keeps (a skill named like a folder
    of another plugin that has no SKILL.md)."""
    root = tmp_path / "registry"
    root.mkdir()
    skip = shutil.ignore_patterns("__pycache__")
    for name in ("plugins", ".claude-plugin", "hooks"):
        shutil.copytree(REPO / name, root / name, symlinks=True, ignore=skip)
    for name in ("pyproject.toml", "marketplace.json"):
        shutil.copy2(REPO / name, root / name, follow_symlinks=False)
    config = root / "pyproject.toml"
    config.write_text(
        config.read_text().replace("https://your-org.github.io/skills-registry/", SITE_URL)
    )
    if broken:
        files = {**plugin_files("bad-yaml", "data"), **plugin_files("leaky-run", "data")}
        files["plugins/data/bad-yaml/skills/bad-yaml/SKILL.md"] = "---\nname: [unclosed\n---\n# x\n"
        files["plugins/data/leaky-run/references/notes.md"] = f"# Notes\n\ntoken {SECRET}\n"
        files |= plugin_files("twin-run", "data") | plugin_files("twin-run", "evaluation")
        for name in ("pair-a", "pair-b", "solo-c", "solo-d"):  # each with a second skill
            files |= plugin_files(name, "data")
            other = "shared-skill" if name.startswith("pair") else "shared-two"
            files[f"plugins/data/{name}/skills/{other}/SKILL.md"] = GOOD_SKILL.format(name=other)
        del files["plugins/data/solo-c/skills/shared-two/SKILL.md"]  # not loaded: no twin
        files["plugins/data/solo-c/skills/shared-two/notes.md"] = "# Notes\n"
        write_files(root, files)
    assert _marketplace(root).exit_code == 0
    return root


def _marketplace(root: Path) -> Any:
    return CliRunner().invoke(main, ["marketplace", "--root", str(root), "--skip-invalid"])


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def inside(root: Path, data: Path) -> Client:
    """The client of the `all-skills` installed from `root` (its scripts inside the registry)."""
    return Client(data, {"CLAUDE_PLUGIN_DATA": str(data)}, root / SCRIPTS / "skills_registry.py")


def status(data: Path) -> dict[str, Any]:
    path = data / "index" / "build.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def wait_for_build(data: Path, before: str = "", timeout: float = 90) -> dict[str, Any]:
    """The background builder's report, once it has built a version other than `before`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = status(data)
        if found and found["version"] != before:
            return found
        time.sleep(0.1)
    log = data / "index" / "build.log"
    raise AssertionError(log.read_text() if log.is_file() else "no builder ran")


@contextmanager
def builder_at_work(data: Path) -> Iterator[None]:
    """Hold the builders' lock, as a builder does while it works."""
    lock = data / "index" / "build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _published(site: Path) -> dict[str, Any]:
    """The site's `skills-index.json` with its parts put back in place."""
    data = json.loads((site / "skills-index.json").read_text())
    lookup, advise = data["lookup"], data["advise"]
    lookup.update(docs=[], postings={})
    advise["skills"] = []
    for name in data.pop("parts"):
        part = read_part((site / name).read_bytes())
        lookup["docs"] += part["docs"]
        lookup["postings"].update(part["postings"])
        advise["skills"] += part["skills"]
    return data


BUILD_WITH_COPIES = """
import json, sys
sys.path.insert(0, sys.argv[1])
sys.dont_write_bytecode = True
from pathlib import Path
from site_gen.search.error_index import mean_length
from site_gen.search.registry_index import RegistryIndex
stream = RegistryIndex(Path(sys.argv[2]), sys.argv[3])
docs, lengths, postings, skills = [], [], {}, []
for plugin in stream:  # the compact index put together from the plugins' entries
    for item, entry in zip(plugin.docs, plugin.doc_entries()):
        for term, weight in item.terms:
            postings.setdefault(term, []).extend((len(docs), weight))
        docs.append(entry)
        lengths.append(item.length)
    skills += plugin.skills
lookup = {"docs": docs, "lengths": lengths, "average": mean_length(lengths), "postings": postings}
modules = sorted(m for m in sys.modules if m.split(".")[0] == "site_gen")
print(json.dumps({"lookup": lookup, "skills": skills, "left_out": stream.left_out,
                  "site": stream.config.site, "modules": modules}))
"""


def test_the_copies_build_the_index_site_gen_build_publishes(tmp_path: Path) -> None:
    """The plugin's copies under the oldest Python (no packages) against `site-gen build
    --skip-invalid`: the same index, broken and leaky plugins left out alike."""
    root = registry_copy(tmp_path, broken=True)
    site = tmp_path / "site"
    built = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml"), "--out", str(site),
         "--skip-invalid"],
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    copies = root / SCRIPTS / "registry_build"
    done = subprocess.run(
        [PYTHON39, "-I", "-c", BUILD_WITH_COPIES, str(copies), str(root), SITE_URL],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    ours = json.loads(done.stdout)
    assert ours["left_out"] == [
        "plugins/data/bad-yaml",
        "plugins/data/leaky-run",
        "plugins/data/pair-a",
        "plugins/data/pair-b",
        "plugins/data/solo-c",
        "plugins/data/twin-run",
        "plugins/evaluation/twin-run",
    ]
    published = _published(site)
    lookup = published["lookup"]
    assert ours["lookup"] == {k: lookup[k] for k in ("docs", "lengths", "average", "postings")}
    assert ours["skills"] == published["advise"]["skills"]
    assert ours["site"] == published["site"]
    skills = {skill["skill"] for skill in published["advise"]["skills"]}
    assert "grpo-external-vllm-server" in skills and "bad-yaml" not in skills
    assert {"solo-d", "shared-two"} <= skills and not skills & {"pair-a", "shared-skill"}
    assert published["site"] == SITE_URL and SECRET not in done.stdout
    copied = {"site_gen.search.porter"} | {
        "site_gen." + name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for name in SITE_GEN
    }
    assert set(ours["modules"]) == copied - {"site_gen.__init__"} | {"site_gen"}  # all used
    local, fetched = tmp_path / "local", tmp_path / "fetched"
    for data, source in ((local, ["local", str(root)]), (fetched, ["file", str(site / PATH)])):
        builder = [PYTHON39, "-I", str(root / SCRIPTS / "index_builder.py"), "build", *source]
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CLAUDE_PLUGIN_DATA": str(data)}
        built = subprocess.run(builder, capture_output=True, text=True, env=env, timeout=120)
        assert built.returncode == 0, built.stderr
    assert _cache_rows(local) == _cache_rows(fetched)  # the client's cache, either way


def _cache_rows(data: Path) -> dict[str, list[Any]]:
    """Every row of the client's cache but those naming its source and when it was read."""
    db = sqlite3.connect(data / "index" / "index.sqlite")
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    rows = {table: sorted(db.execute(f"SELECT * FROM {table}")) for table in tables}
    db.close()
    rows["meta"] = [r for r in rows["meta"] if r[0] not in ("key", "etag", "checked")]
    assert len(rows["advise_terms"]) > 100 and rows["skills"]
    return rows


def test_a_hook_never_builds_it_starts_a_builder_and_is_silent_until_the_index_is_there(
    tmp_path: Path,
) -> None:
    root, data = registry_copy(tmp_path), tmp_path / "data"
    client = inside(root, data)
    with builder_at_work(data):  # the index cannot be ready before the hook answers
        assert client.hook(covered_failure("a")) is None
        assert not (data / "index" / "index.sqlite").exists()
    assert client.hook(covered_failure("b")) is None  # no index yet: starts the builder
    report = wait_for_build(data)
    assert report["skills"] == 5 and report["left_out"] == []
    answer = client.hook(covered_failure("c"))
    assert answer is not None
    context = answer["hookSpecificOutput"]["additionalContext"]
    assert "grpo-external-vllm-server" in context and "vllm_skip_weight_sync" in context
    assert f"{SITE_URL}skills/grpo-external-vllm-server/#" in context


def test_a_corrupt_cache_is_built_again_and_meanwhile_the_hook_is_silent(tmp_path: Path) -> None:
    root, data = registry_copy(tmp_path), tmp_path / "data"
    client = inside(root, data)
    assert client.run("advise", "grpo").returncode == 0
    first = status(data)
    cache = data / "index" / "index.sqlite"
    cache.write_bytes(b"not a database" * 100)
    (data / "index" / "build.json").unlink()
    assert client.hook(covered_failure("a")) is None  # unreadable: silent, a builder started
    assert wait_for_build(data)["version"] == first["version"]
    assert client.hook(covered_failure("b")) is not None


def test_session_start_builds_early_and_prints_nothing(tmp_path: Path) -> None:
    root, data = registry_copy(tmp_path), tmp_path / "data"
    warm = [PYTHON3, "-I", str(root / SCRIPTS / "index_builder.py"), "warm"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CLAUDE_PLUGIN_DATA": str(data)}
    session = json.dumps({"hook_event_name": "SessionStart", "source": "startup"})
    done = subprocess.run(warm, input=session, capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    first = wait_for_build(data)
    assert inside(root, data).hook(covered_failure()) is not None
    again = subprocess.run(warm, input=session, capture_output=True, text=True, env=env)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    time.sleep(1)
    assert status(data) == first  # current: nothing built again


def test_a_new_registry_version_is_built_while_the_last_one_answers(tmp_path: Path) -> None:
    root, data = registry_copy(tmp_path), tmp_path / "data"
    client = inside(root, data)
    assert client.run("lookup", "--json", "-", stdin=FP16).returncode == 0  # built by hand
    first = status(data)
    write_files(root, plugin_files())  # a new skill covering the FP16 error
    assert _marketplace(root).exit_code == 0  # committed with it: a new registry version
    with builder_at_work(data):  # meanwhile the last version's index answers
        assert client.hook(covered_failure("a")) is not None
        assert client.hook({**covered_failure("a2"), "error": FP16}) is None
    assert client.hook({**covered_failure("b"), "error": FP16}) is None  # starts the builder
    assert wait_for_build(data, before=first["version"])["skills"] == 6
    answer = client.hook({**covered_failure("c"), "error": FP16})
    assert answer is not None
    assert "Skill `lora-fp16-nan`" in answer["hookSpecificOutput"]["additionalContext"]


def test_in_a_checkout_a_commit_is_a_new_version(tmp_path: Path) -> None:
    root = registry_copy(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    def version() -> str:
        code = "import sys; from pathlib import Path; import local_index as L; "
        code += "print(L.registry_version(Path(sys.argv[1])))"
        done = subprocess.run(
            [PYTHON3, "-c", code, str(root)], cwd=root / SCRIPTS, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "one")
    first = version()
    (root / "plugins/training/grpo-external-vllm-server/skills/notes.md").write_text("# n\n")
    assert version() == first  # uncommitted edits are not a registry version
    git("add", "-A")
    git("commit", "-qm", "two")
    assert version() != first


def test_one_builder_at_a_time_and_by_hand_it_waits(tmp_path: Path) -> None:
    root, data = registry_copy(tmp_path), tmp_path / "data"
    build = [PYTHON3, "-I", str(root / SCRIPTS / "index_builder.py"), "build", str(root)]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CLAUDE_PLUGIN_DATA": str(data)}
    with builder_at_work(data):
        done = subprocess.run(build, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 1 and not (data / "index" / "index.sqlite").exists()
        client = inside(root, data)
        advise = subprocess.Popen(
            [PYTHON3, "-I", str(client.script), "advise", "--json", "GRPO vLLM server"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**env, **client.env},
        )
        time.sleep(1.5)
        assert advise.poll() is None  # waiting for the lock
    out, err = advise.communicate(timeout=60)
    assert advise.returncode == 0, err
    assert json.loads(out)[0]["skill"] == "grpo-external-vllm-server"
    assert err.splitlines()[0].endswith("waiting for the index being built in the background ...")
    write_files(root, plugin_files())
    assert _marketplace(root).exit_code == 0
    many = [subprocess.Popen(build, env=env) for _ in range(4)]
    codes = sorted(p.wait(timeout=90) for p in many)
    assert codes[0] == 0 and set(codes) <= {0, 1}  # the others found the lock taken
    assert status(data)["skills"] == 6
    assert client.hook({**covered_failure(), "error": FP16}) is not None
    assert sorted(p.name for p in (data / "index").iterdir()) == [
        "build.json",
        "build.lock",
        "index.sqlite",
    ]


def test_a_builder_that_crashes_leaves_the_last_index(tmp_path: Path) -> None:
    root, data = registry_copy(tmp_path), tmp_path / "data"
    client = inside(root, data)
    assert client.run("advise", "grpo").returncode == 0
    cache, first = (data / "index" / "index.sqlite").read_bytes(), status(data)
    write_files(root, plugin_files())
    assert _marketplace(root).exit_code == 0
    build = [PYTHON3, "-I", str(root / SCRIPTS / "index_builder.py"), "build", str(root)]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CLAUDE_PLUGIN_DATA": str(data)}
    builder = subprocess.Popen(build, env=env)
    inode = (data / "index" / "build.lock").stat().st_ino
    while builder.poll() is None:  # killed as soon as it holds the lock: mid-build
        locks = Path("/proc/locks").read_text().split("\n")
        if any(
            f" {builder.pid} " in line and line.split()[5].endswith(f":{inode}") for line in locks
        ):
            builder.send_signal(signal.SIGKILL)
            break
    assert builder.wait(timeout=30) == -signal.SIGKILL, "the builder finished before the kill"
    assert (data / "index" / "index.sqlite").read_bytes() == cache
    assert client.hook(covered_failure("a")) is not None  # the last index still answers
    assert wait_for_build(data, before=first["version"])["skills"] == 6  # then a new builder
    assert not list((data / "index").glob("*.tmp"))


def test_a_build_that_fails_says_so_in_one_line_and_is_not_retried_by_every_hook(
    tmp_path: Path,
) -> None:
    root, data = registry_copy(tmp_path), tmp_path / "data"
    (root / SCRIPTS / "registry_build/site_gen/search/registry_index.py").unlink()
    client = inside(root, data)
    done = client.run("advise", "grpo")
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stdout == ""
    last = done.stderr.splitlines()[-1]
    assert "the index could not be built (ModuleNotFoundError" in last, done.stderr
    log = data / "index" / "build.log"
    assert "Traceback" in log.read_text()  # for a bug report
    log.write_text("kept\n")
    assert client.hook(covered_failure()) is None
    time.sleep(1)
    assert log.read_text() == "kept\n"  # no builder started for this version


def test_marketplace_check_names_a_stale_missing_or_stray_copy_and_marketplace_mends_it(
    tmp_path: Path,
) -> None:
    root = registry_copy(tmp_path)
    build = root / SCRIPTS / "registry_build"
    (build / "site_gen/search/stray.py").write_text("x = 1\n")  # someone's own file
    (build / "yaml/__init__.py").write_text("edited by hand\n")
    (build / "mdurl/_parse.py").unlink()
    (build / "site_gen/__pycache__").mkdir()
    (build / "site_gen/__pycache__/loader.cpython-39.pyc").write_bytes(b"\0")
    left = root / SCRIPTS / "registry_search/tokenize.py"  # a copy of 1.6.0, now read from build
    left.write_text("# Copied from site_gen/search/tokenize.py by `site-gen marketplace`: x\n")
    check = CliRunner().invoke(main, ["marketplace", "--root", str(root), "--check"])
    assert check.exit_code == 1
    prefix = f"{SCRIPTS}/registry_build"
    assert check.output.splitlines()[1:] == [
        f"{prefix}/mdurl/_parse.py: stale copy; run site-gen marketplace",
        f"{prefix}/yaml/__init__.py: stale copy; run site-gen marketplace",
        f"{prefix}/site_gen/search/stray.py: not a copy site-gen wrote; remove it by hand",
        f"{SCRIPTS}/registry_search/tokenize.py: stale copy; run site-gen marketplace",
    ]
    assert _marketplace(root).exit_code == 0
    assert (build / "site_gen/search/stray.py").read_text() == "x = 1\n" and not left.exists()
    assert (build / "yaml/__init__.py").read_bytes() == (
        REPO / SCRIPTS / "registry_build/yaml/__init__.py"
    ).read_bytes()
    assert CliRunner().invoke(main, ["marketplace", "--root", str(root), "--check"]).exit_code == 1
    (build / "site_gen/search/stray.py").unlink()  # removed by hand, as the check said
    assert CliRunner().invoke(main, ["marketplace", "--root", str(root), "--check"]).exit_code == 0
