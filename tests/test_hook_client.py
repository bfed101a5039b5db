"""The tooling plugin's client (`scripts/skills_registry.py`), run as Claude Code runs it:
`python3` in isolated mode (no venv packages), a hook payload on stdin, its data folder in
`CLAUDE_PLUGIN_DATA`. Payloads under `tests/data/hook-payloads/` were recorded from the real
CLI 2.1.328 (a plugin whose hooks `cat` their stdin); paths were shortened."""

from __future__ import annotations

import ast
import importlib
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

from benchmarks.advise_dev import dev_registry as advise_registry
from benchmarks.lookup_dev import dev_registry, queries
from site_gen.config import load_config
from site_gen.search import advise as site_advise
from site_gen.search.compact import render_compact_index
from site_gen.search.error_index import build_index
from site_gen.search.rank import rank
from site_gen.search.vendor import TARGET, stale_vendored, write_vendored
from tests.test_hook_e2e import COVERED

SCRIPTS = REPO / "plugins/tooling/skills-registry/scripts"
CLIENT = SCRIPTS / "skills_registry.py"
PAYLOADS = REPO / "tests/data/hook-payloads"
PYTHON3 = shutil.which("python3", path="/usr/bin:/usr/local/bin") or "python3"
CONFIG = load_config(REPO)


def payload(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text())
    return data | changes


@pytest.fixture(scope="module")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("site") / "skills-index.json"
    path.write_text(render_compact_index(dev_registry(), CONFIG), "utf-8")
    return path


class Client:
    def __init__(self, data: Path, env: dict[str, str], script: Path = CLIENT) -> None:
        self.data = data
        self.env = env
        self.script = script

    def run(self, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PYTHON3, "-I", str(self.script), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "HOME": str(self.data), **self.env, **env},
            timeout=60,
        )

    def build(self, **env: str) -> subprocess.CompletedProcess[str]:
        """What the background builder runs, in the foreground (a test's cache made now)."""
        script = self.script.parent / "index_builder.py"
        return subprocess.run(
            [PYTHON3, "-I", str(script), "build"],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "HOME": str(self.data), **self.env, **env},
            timeout=60,
        )

    def hook(self, event: dict[str, Any] | str, **env: str) -> dict[str, Any] | None:
        text = event if isinstance(event, str) else json.dumps(event)
        done = self.run("hook", stdin=text, **env)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return json.loads(done.stdout) if done.stdout else None


@pytest.fixture
def client(tmp_path: Path, index_file: Path) -> Client:
    data = tmp_path / "data"
    made = Client(data, {"CLAUDE_PLUGIN_DATA": str(data), "SKILLS_REGISTRY_INDEX": str(index_file)})
    assert made.build().returncode == 0  # hooks never build: they would be silent until then
    return made


def covered_failure(session: str = "s1") -> dict[str, Any]:
    return payload("failure-noise", session_id=session, error="Exit code 1\n" + COVERED)


def test_a_covered_failure_brings_the_entry_once_per_session(client: Client) -> None:
    answer = client.hook(covered_failure())
    assert answer is not None
    output = answer["hookSpecificOutput"]
    assert output["hookEventName"] == "PostToolUseFailure"
    context = output["additionalContext"]
    assert len(context) <= 1500
    assert "Skill `grpo-external-vllm-server`" in context
    assert "update_flattened_params" in context and "Cause: " in context
    assert "--vllm_skip_weight_sync true" in context  # the fix's command, verbatim
    assert "/skills/grpo-external-vllm-server/#" in context
    assert client.hook(covered_failure()) is None  # already given in this session
    assert client.hook(covered_failure("another-session")) is not None


def test_recorded_noise_and_successes_are_silent(client: Client) -> None:
    for name in ("failure-noise", "failure-uncovered", "success-touch", "success-train"):
        assert client.hook(payload(name)) is None, name


def test_a_traceback_logged_by_a_command_that_exited_0(client: Client) -> None:
    recorded = payload("success-traceback")
    recorded["tool_response"]["stdout"] = "epoch 1 loss 0.4\n" + COVERED + "continuing\n"
    answer = client.hook(recorded)
    assert answer is not None
    assert answer["hookSpecificOutput"]["hookEventName"] == "PostToolUse"
    assert "grpo-external-vllm-server" in answer["hookSpecificOutput"]["additionalContext"]


@pytest.mark.parametrize(
    "command",
    ["cat train.log", "LC_ALL=C grep -rn update_flattened_params plugins/", "git show HEAD"],
)
def test_a_command_that_only_shows_text_is_not_looked_up(client: Client, command: str) -> None:
    """Reading a log or grepping the registry prints errors that are not this session's."""
    recorded = payload("success-traceback")
    recorded["tool_input"]["command"] = command
    recorded["tool_response"]["stdout"] = COVERED
    assert client.hook(recorded) is None


def test_an_interrupt_is_not_looked_up(client: Client) -> None:
    assert client.hook(covered_failure() | {"is_interrupt": True}) is None


@pytest.mark.parametrize(
    "broken",
    [
        "",
        "not json",
        "[]",
        "null",
        '{"hook_event_name": "PostToolUseFailure"}',
        '{"hook_event_name": "PostToolUseFailure", "error": 42}',
        '{"hook_event_name": "PostToolUse", "tool_response": "text"}',
        '{"hook_event_name": "Stop", "transcript_path": 3}',
        '{"hook_event_name": "Stop", "session_id": "x", "transcript_path": "/nonexistent"}',
        '{"hook_event_name": "SessionStart"}',
        "\udcff",
    ],
)
def test_broken_payloads_are_silent(client: Client, broken: str) -> None:
    assert client.hook(broken.encode("utf-8", "surrogateescape").decode("latin-1")) is None


def test_a_huge_output_is_clipped_not_choked_on(client: Client) -> None:
    noise = "INFO step 1 loss 0.5\n" * 200_000
    answer = client.hook(covered_failure() | {"error": "Exit code 1\n" + noise + COVERED})
    assert answer is not None


def installed_alone(tmp_path: Path) -> Path:
    """The client of the tooling plugin installed alone (outside any registry, so it has no
    registry to build an index from): a copy, as Claude Code's plugin cache holds it."""
    plugin = tmp_path / "cache/market/skills-registry/1.5.0"
    shutil.copytree(REPO / "plugins/tooling/skills-registry", plugin)
    return plugin / "scripts/skills_registry.py"


def test_no_source_and_no_cache_is_silent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bare = Client(data, {"CLAUDE_PLUGIN_DATA": str(data)}, installed_alone(tmp_path))
    assert bare.hook(covered_failure()) is None
    done = bare.run("advise", "grpo")
    assert done.returncode == 2 and "site_url" in done.stderr


def test_a_corrupt_cache_is_rebuilt_and_meanwhile_the_hook_is_silent(
    client: Client, tmp_path: Path
) -> None:
    client.script = installed_alone(tmp_path)
    assert client.hook(covered_failure("a")) is not None
    cache = client.data / "index" / "index.sqlite"
    cache.write_bytes(b"not a database" * 100)
    assert client.hook(covered_failure("b")) is None  # unreadable: silent, a builder started
    wait_for(lambda: client.hook(covered_failure("c")) is not None)  # rebuilt from the source
    cache.write_bytes(b"not a database" * 100)
    assert client.hook(covered_failure("d"), SKILLS_REGISTRY_INDEX="") is None  # no source


def wait_for(condition: Any, timeout: float = 60) -> None:
    """Poll `condition` until it holds (a background builder at work)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the background builder did not finish"
        time.sleep(0.1)


def test_no_network_without_a_cache_is_silent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"CLAUDE_PLUGIN_DATA": str(data), "CLAUDE_PLUGIN_OPTION_SITE_URL": "http://127.0.0.1:9/"}
    assert Client(data, env).hook(covered_failure()) is None


def test_the_stop_hook_suggests_retrospective_once_after_an_uncovered_failure_is_solved(
    client: Client, tmp_path: Path
) -> None:
    transcript = tmp_path / "transcript.jsonl"
    shutil.copy(PAYLOADS / "transcript-solved-uncovered.jsonl", transcript)
    stop = payload("stop", transcript_path=str(transcript))
    assert client.hook(stop) is None  # nothing recorded as uncovered yet
    assert client.hook(payload("failure-uncovered")) is None  # recorded, not covered
    assert client.hook(stop | {"stop_hook_active": True}) is None
    answer = client.hook(stop)
    assert answer is not None
    assert "/retrospective" in answer["hookSpecificOutput"]["additionalContext"]
    assert "decision" not in answer  # never blocks
    assert client.hook(stop) is None  # once per session


def test_the_stop_hook_stays_silent_when_the_failure_was_never_solved(
    client: Client, tmp_path: Path
) -> None:
    lines = (PAYLOADS / "transcript-solved-uncovered.jsonl").read_text().splitlines()
    kept = [line for line in lines if "1e-4" not in line and "epoch 1 loss" not in line]
    transcript = tmp_path / "transcript.jsonl"
    transcript.write_text("\n".join(kept) + "\n")
    assert client.hook(payload("failure-uncovered")) is None
    assert client.hook(payload("stop", transcript_path=str(transcript))) is None


# ---------------------------------------------------------------- same ranking as site-gen


@pytest.fixture(scope="module")
def client_module(index_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    sys.path.insert(0, str(SCRIPTS))
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # keep the plugin as committed
    try:
        return importlib.import_module("skills_registry")
    finally:
        sys.path.remove(str(SCRIPTS))
        sys.dont_write_bytecode = writes


def _store(client_module: Any, index_file: Path, tmp_path: Path, monkeypatch: Any) -> Any:
    monkeypatch.setenv("CLAUDE_PLUGIN_DATA", str(tmp_path))
    monkeypatch.setenv("SKILLS_REGISTRY_INDEX", str(index_file))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # keep the plugin as committed
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module("index_store").open_store(5.0, wait=True)


def test_client_lookup_equals_site_gen_lookup_on_the_dev_set(
    client_module: Any, index_file: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    store = _store(client_module, index_file, tmp_path, monkeypatch)
    index = build_index(dev_registry())
    for q in queries():
        ours = client_module.lookup(store, q["query"], 5)
        theirs = [m.as_json(CONFIG.site) for m in rank(index, q["query"], 5)]
        assert json.dumps(ours, indent=2) == json.dumps(theirs, indent=2), q["id"]


def test_client_advise_equals_site_gen_advise_on_the_dev_set(
    client_module: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    registry = advise_registry()
    index_file = tmp_path / "skills-index.json"
    index_file.write_text(render_compact_index(registry, CONFIG), "utf-8")
    store = _store(client_module, index_file, tmp_path / "data", monkeypatch)
    advise = importlib.import_module("advise_answer").advise
    built = site_advise.skills_index(registry, CONFIG)
    cases = yaml.safe_load((REPO / "tests/data/advise-dev.yaml").read_text())
    for case in cases:
        ours = advise(store, case["query"], 5)
        theirs = [a.to_json() for a in site_advise.rank(built, case["query"], 5)]
        assert json.dumps(ours, indent=2) == json.dumps(theirs, indent=2), case["query"]
        assert ours, case["query"]
    for query in MISSPELT:  # near spellings: the client asks SQLite for terms by first letter
        ours = advise(store, query, 5)
        theirs = [a.to_json() for a in site_advise.rank(built, query, 5)]
        assert json.dumps(ours, indent=2) == json.dumps(theirs, indent=2), query
        assert any("~" in word for item in ours for words in item["matched"].values()
                   for word in words), query  # fmt: skip


MISSPELT = (
    "GRPO with an extrenal vLLM sever",
    "tokenizr training overflw with the rust trainr",
    "Überlauf im tokeniser, ändern der lerningrate",
)


def test_the_plugin_copies_of_the_ranking_are_current() -> None:
    assert stale_vendored(REPO) == [], "run: .venv/bin/site-gen marketplace"


def test_refreshing_the_copies_deletes_only_what_site_gen_wrote(tmp_path: Path) -> None:
    """A copy an older site-gen wrote and no longer writes goes; someone's own file (or a
    library file without site-gen's notice) stays, named, and `--check` keeps reporting it."""
    search = tmp_path / TARGET
    search.mkdir(parents=True)
    (search / "retired.py").write_text("# Copied from site_gen/search/retired.py by x\n")
    (search / "notes.md").write_text("my notes\n")
    done = dict(write_vendored(tmp_path))
    assert done["plugins/tooling/skills-registry/scripts/registry_search/retired.py"] == "deleted"
    assert done["plugins/tooling/skills-registry/scripts/registry_search/notes.md"] == "kept"
    assert not (search / "retired.py").exists()
    assert (search / "notes.md").read_text() == "my notes\n"
    assert (search / "hook_gate.py").is_file()  # the copies were written
    assert stale_vendored(tmp_path) == [f"{TARGET}/notes.md"]


def test_the_client_is_python_3_9_syntax() -> None:
    for path in sorted(SCRIPTS.rglob("*.py")):
        ast.parse(path.read_text(), str(path), feature_version=(3, 9))


def test_advise_and_lookup_from_a_corrupt_cache_say_so_without_a_traceback(client: Client) -> None:
    assert client.run("advise", "GRPO with an external vLLM server").returncode == 0
    db = sqlite3.connect(client.data / "index" / "index.sqlite")
    db.execute("UPDATE skills SET data = '{torn'")
    db.commit()
    db.close()
    done = client.run("advise", "GRPO with an external vLLM server")
    assert done.returncode == 2
    assert "cannot be read" in done.stderr and "Traceback" not in done.stderr
    lookup = client.run("lookup", "--json", "-", stdin=COVERED)
    assert lookup.returncode == 0
    assert json.loads(lookup.stdout)[0]["skill"] == "grpo-external-vllm-server"


def test_harvest_in_the_client_equals_site_gen_harvest(client: Client, tmp_path: Path) -> None:
    """The client runs site-gen's own harvester (copied) against its cached index."""
    from site_gen.harvest.__main__ import report
    from tests.transcripts import bash_call, tool_result

    token = "hf_" + "Qz7vK2mN9pL4xR8tW1yB6cF3dH5jG0sAeU"
    lines = [
        bash_call("t1", "python3 train.py --sync-weights"),
        tool_result("t1", "Exit code 1\n" + COVERED, is_error=True),
        bash_call("t2", "python3 train.py --vllm_skip_weight_sync true"),
        tool_result("t2", "epoch 1 done"),
        bash_call("t3", f"HF_TOKEN={token} python3 eval.py"),
        tool_result("t3", "Exit code 2\nKeyError: 'answer_column'", is_error=True),
        '{"type": "queue-operation", "operation": "enqueue"}',
    ]
    transcript = tmp_path / "session.jsonl"
    transcript.write_text("\n".join(lines) + "\n")
    done = client.run("harvest", str(transcript))
    assert done.returncode == 0, done.stderr
    expected = report(transcript, build_index(dev_registry()), "json", site=CONFIG.site)
    assert done.stdout == expected
    size = transcript.stat().st_size / 1e6  # the one line on stderr: what was read
    assert done.stderr.startswith(
        f"harvest: read 1 transcript file, {size:.1f} MB ({len(lines)} lines, 3 tool calls, "
        "2 failed) in "
    ), done.stderr
    assert done.stderr.endswith(": 2 distinct failures\n")
    failures = json.loads(done.stdout)["failures"]
    assert [f["status"] for f in failures] == ["known", "new"]
    assert token[:8] not in done.stdout
    no_index = client.run("harvest", str(transcript), SKILLS_REGISTRY_INDEX="")
    assert no_index.returncode == 0 and "new" in no_index.stdout  # no index: all new, no crash
