"""`site-gen build --jobs N`: pages rendered in N spawned processes give the one-process site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_gen import parallel_render
from site_gen.build import BuildError, build_site
from site_gen.cache_store import LAYOUT
from site_gen.parallel_render import move_emitted, workers_for
from site_gen.shard import build_shard
from site_gen.shard_plan import Shard
from tests.conftest import MakeRegistry, plugin_files
from tests.test_build import _old_site, _tree_differences
from tests.test_build_cache import _theme

# The CLI with workers for every page, however few: a real registry needs hundreds of
# pages before `--jobs` starts any (`MIN_PAGES_PER_JOB`).
EVERY_PAGE_CLI = (
    "import sys; import site_gen.parallel_render as p; p.MIN_PAGES_PER_JOB = 1; "
    "from site_gen.cli import main; sys.argv[0] = 'site-gen'; main()"
)


def _cli(args: list[str], seed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "Asia/Kolkata"}
    command = [sys.executable, "-c", EVERY_PAGE_CLI, *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def test_two_jobs_build_the_one_process_site(make_registry: MakeRegistry, tmp_path: Path) -> None:
    root = make_registry(
        {**plugin_files(), **plugin_files("ddp-hang", "distributed"),
         **plugin_files("kv-cache-oom", "inference")}
    )  # fmt: skip
    yml = _theme(tmp_path)
    build_site(root, tmp_path / "one", mkdocs_yml=yml, echo=lambda _: None, jobs=1)

    common = ["build", "--root", str(root), "--config", str(yml)]
    cold = _cli([*common, "--out", str(tmp_path / "two"), "--no-cache", "--jobs", "2"], "1")
    assert cold.returncode == 0, cold.stderr
    assert "rendering pages in 2 processes" in cold.stdout
    assert _tree_differences(tmp_path / "one", tmp_path / "two") == []
    assert not list((root / "build").glob("render-cache-*")), "the temporary cache stayed"

    cache = tmp_path / "cache"
    cached = [*common, "--out", str(tmp_path / "cached"), "--cache", str(cache), "--jobs", "2"]
    first = _cli(cached, "2")
    assert first.returncode == 0, first.stderr
    assert "rendering pages in 2 processes" in first.stdout
    assert _tree_differences(tmp_path / "one", tmp_path / "cached") == []
    assert list((cache / LAYOUT).glob("??/*")), "the workers' pages are kept in the cache"
    again = _cli(cached, "3")  # a warm cache: nothing to render, so no workers
    assert again.returncode == 0, again.stderr
    assert "processes" not in again.stdout
    assert _tree_differences(tmp_path / "one", tmp_path / "cached") == []


def test_a_failing_worker_keeps_the_old_site(
    make_registry: MakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel_render, "MIN_PAGES_PER_JOB", 1)
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    yml = _theme(tmp_path)
    (yml.parent / "docs/contributing.md").write_text("# Contributing\n\n[broken](nowhere.md)\n")
    site = _old_site(root)
    said: list[str] = []
    with pytest.raises(BuildError) as failed:
        build_site(root, mkdocs_yml=yml, echo=said.append, jobs=2)
    assert "rendering pages in 2 processes" in said
    message = str(failed.value)
    assert message.startswith("mkdocs build --strict failed:\n")
    assert "contributing.md" in message and "nowhere.md" in message
    assert "Traceback" not in message
    assert (site / "index.html").read_text() == "the old site\n"
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
    assert not list((root / "build").glob("render-cache-*"))


def test_workers_only_for_enough_pages() -> None:
    per_job = parallel_render.MIN_PAGES_PER_JOB
    assert workers_for(1, 100 * per_job) == 0  # --jobs 1: today's build
    assert workers_for(2, 100 * per_job) == 2
    assert workers_for(8, 3 * per_job) == 3
    assert workers_for(8, per_job) == 0  # one worker is the build's own process, slower
    assert workers_for(100, 1000 * per_job) == parallel_render.MAX_JOBS


def test_emitted_files_never_overwrite_a_page(tmp_path: Path) -> None:
    emitted, site = tmp_path / "emitted", tmp_path / "site"
    (emitted / "a/b").mkdir(parents=True)
    (emitted / "a/b/c.json").write_text("{}\n")
    (emitted / "llms.txt").write_text("# x\n")
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("<p>page</p>\n")
    move_emitted(emitted, site)
    assert (site / "a/b/c.json").read_text() == "{}\n" and (site / "llms.txt").is_file()
    (emitted / "a").mkdir(exist_ok=True)
    (emitted / "a/index.html").write_text("emitted\n")
    with pytest.raises(BuildError, match=r"emitted file a/index\.html would overwrite a page"):
        move_emitted(emitted, site)
    assert (site / "a/index.html").read_text() == "<p>page</p>\n"


def test_a_shard_in_two_jobs_hands_over_what_one_job_does(
    make_registry: MakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel_render, "MIN_PAGES_PER_JOB", 1)
    names = ["lora-fp16-nan", "ddp-hang", "kv-cache-oom", "tp-deadlock"]
    root = make_registry({k: v for name in names for k, v in plugin_files(name).items()})
    yml = _theme(tmp_path)
    outboxes = []
    for jobs in (1, 2):
        cache = tmp_path / f"cache-{jobs}"
        build_shard(root, Shard(1, 2), cache, mkdocs_yml=yml, jobs=jobs)
        box = cache / "shards/1-of-2"
        outboxes.append({p.relative_to(box): p.read_bytes() for p in box.rglob("*") if p.is_file()})  # fmt: skip
    assert len(outboxes[0]) > len(names) and outboxes[0] == outboxes[1]
