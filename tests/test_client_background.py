"""The tooling plugin alone, its `site_url` set: the site's index (format 3, gzip'd parts) is
fetched and cached by the background builder, never by a hook. A real HTTP server on loopback
serves a built site's `skills-index.json` with an ETag, and can hold its answers back (`gate`)
while a test shows that a hook did not wait for it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.lookup_dev import dev_registry
from site_gen.config import load_config
from tests.gated_site import Site
from tests.test_hook_client import PYTHON3, Client, covered_failure, installed_alone, wait_for
from tests.test_local_index import FP16, REPO, status


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    served = Site(tmp_path / "site")
    served.publish(dev_registry(), load_config(REPO))
    yield served
    served.close()


def _client(tmp_path: Path, site: Site) -> Client:
    data = tmp_path / "data"
    env = {"CLAUDE_PLUGIN_DATA": str(data), "CLAUDE_PLUGIN_OPTION_SITE_URL": site.url}
    return Client(data, env, installed_alone(tmp_path))


def _age(client: Client) -> None:
    """The cache as if last checked long ago: due for revalidation."""
    db = sqlite3.connect(client.data / "index" / "index.sqlite")
    db.execute("UPDATE meta SET value = '0' WHERE key = 'checked'")
    db.commit()
    db.close()


def _checked(client: Client) -> float:
    db = sqlite3.connect(client.data / "index" / "index.sqlite")
    (value,) = db.execute("SELECT value FROM meta WHERE key = 'checked'").fetchone()
    db.close()
    return float(value)


def test_the_first_hook_does_not_wait_for_the_index_and_a_later_one_injects(
    tmp_path: Path, site: Site
) -> None:
    client = _client(tmp_path, site)
    site.handler.gate.clear()  # the site answers nothing until the gate opens
    assert client.hook(covered_failure("a")) is None  # returned while the fetch hangs: silent
    wait_for(lambda: len(site.handler.seen) == 1)  # the builder it started asks the site
    assert not (client.data / "index" / "index.sqlite").exists()
    assert client.hook(covered_failure("b")) is None  # still building: silent, no second fetch
    site.handler.gate.set()
    wait_for(lambda: status(client.data).get("skills") == 15)
    answer = client.hook(covered_failure("c"))
    assert answer is not None
    assert "grpo-external-vllm-server" in answer["hookSpecificOutput"]["additionalContext"]
    assert [s.split()[0] for s in site.handler.seen].count("/skills-index.json") == 1


def test_session_start_fetches_in_the_background_and_prints_nothing(
    tmp_path: Path, site: Site
) -> None:
    client = _client(tmp_path, site)
    warm = [PYTHON3, "-I", "-S", str(client.script.parent / "index_builder.py"), "warm"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **client.env}
    site.handler.gate.clear()
    done = subprocess.run(warm, input="{}", capture_output=True, text=True, env=env, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    site.handler.gate.set()
    wait_for(lambda: status(client.data).get("skills") == 15)
    assert client.hook(covered_failure()) is not None


def test_revalidated_with_its_etag_in_the_background_and_used_offline(
    tmp_path: Path, site: Site
) -> None:
    client = _client(tmp_path, site)
    assert client.build().returncode == 0
    assert client.hook(covered_failure("a")) is not None
    assert len(site.handler.seen) == 1 + len(list((site.folder / "skills-index").iterdir()))
    _age(client)
    seen = len(site.handler.seen)
    assert client.hook(covered_failure("b")) is not None  # due: answers, a builder revalidates
    wait_for(lambda: _checked(client) > 0)
    body = (site.folder / "skills-index.json").read_bytes()
    tag = '"' + hashlib.sha256(body).hexdigest()[:12] + '"'
    assert site.handler.seen[seen:] == [f"/skills-index.json {tag}"]  # 304: no parts fetched
    assert client.hook(covered_failure("c")) is not None
    assert len(site.handler.seen) == seen + 1  # checked just now: no builder
    site.close()  # offline
    _age(client)
    assert client.hook(covered_failure("d")) is not None  # from the cache, no waiting
    failed = client.data / "index" / "build-failed.json"
    wait_for(failed.is_file)  # the builder could not reach the site: not retried by every hook
    log = client.data / "index" / "build.log"
    log.write_text("kept\n")
    assert client.hook(covered_failure("e")) is not None
    assert log.read_text() == "kept\n"
    done = client.run("lookup", "--json", "-", stdin=covered_failure()["error"])
    assert (
        done.returncode == 0 and json.loads(done.stdout)[0]["skill"] == "grpo-external-vllm-server"
    )
    assert done.stderr.startswith("skills-registry: cannot reach http://127.0.0.1:")
    assert done.stderr.endswith("; answering from the cached index\n")


def test_a_killed_builder_leaves_the_last_cache(tmp_path: Path, site: Site) -> None:
    client = _client(tmp_path, site)
    assert client.build().returncode == 0
    cache = client.data / "index" / "index.sqlite"
    registry = dev_registry()
    site.publish(registry.without({registry.plugins[-1].name}), load_config(REPO))  # new
    _age(client)
    before = cache.read_bytes()
    site.handler.gate.clear()
    assert client.hook(covered_failure("a")) is not None  # the last cache answers
    wait_for(lambda: _builder_pid(client) is not None)
    pid = _builder_pid(client)
    assert pid is not None
    subprocess.run(["kill", "-KILL", str(pid)], check=True)
    wait_for(lambda: _builder_pid(client) is None)
    site.handler.gate.set()
    assert cache.read_bytes() == before
    assert client.hook(covered_failure("b")) is not None  # still the last cache


def _builder_pid(client: Client) -> int | None:
    """The process holding the builders' lock, from /proc/locks."""
    lock = client.data / "index" / "build.lock"
    if not lock.exists():
        return None
    inode = lock.stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[5].endswith(f":{inode}") and "FLOCK" in line:
            return int(fields[4])
    return None


def test_by_hand_it_fetches_in_the_foreground_with_one_note(tmp_path: Path, site: Site) -> None:
    client = _client(tmp_path, site)
    done = client.run("advise", "--json", "GRPO with an external vLLM server")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["skill"] == "grpo-external-vllm-server"
    assert done.stderr == (
        f"skills-registry: building the index cache from {site.url} (once per site version) ...\n"
    )
    again = client.run("lookup", "--json", "-", stdin=FP16)
    assert (again.returncode, again.stderr) == (0, "")  # current: nothing fetched, no note
