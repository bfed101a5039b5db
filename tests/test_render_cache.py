"""Skill pages from the build cache (`site_gen.render_cache`): reused across processes and hash
seeds, rendered again when the plugin, a related plugin or the config changes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from site_gen.cache_store import CacheStore
from site_gen.config import Config
from site_gen.loader import load_registry
from site_gen.render import render_pages
from site_gen.render_cache import StoredPages
from tests.conftest import REPO, MakeRegistry, plugin_files

CONFIG = Config(repo="team/skills", site_url="https://team.example/skills/")
SKILL = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"


def _render(root: Path, cache: Path, config: Config = CONFIG) -> tuple[dict[str, str], StoredPages]:
    pages = StoredPages(CacheStore(cache))
    return render_pages(load_registry(root).registry, config, cache=pages), pages


def test_pages_are_reused_until_what_they_are_made_of_changes(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(
        {
            **plugin_files(),
            **plugin_files("ddp-hang", "distributed"),
            **plugin_files("vllm-oom", "inference"),
        }
    )
    cache = tmp_path / "cache"
    pages, first = _render(root, cache)
    assert (first.hits, first.rendered) == (0, 3)
    again, second = _render(root, cache)
    assert again == pages and (second.hits, second.rendered) == (3, 0)
    assert pages == render_pages(load_registry(root).registry, CONFIG)

    skill = root / SKILL
    skill.write_text(skill.read_text().replace("lora_r: 16", "lora_r: 64"))
    edited, third = _render(root, cache)
    assert edited == render_pages(load_registry(root).registry, CONFIG)
    assert "lora_r: 64" in edited["skills/lora-fp16-nan.md"]
    assert third.rendered >= 1 and third.hits + third.rendered == 3

    other = dataclasses.replace(CONFIG, marketplace="other-market")
    renamed, fourth = _render(root, cache, other)
    assert (fourth.hits, fourth.rendered) == (0, 3)
    assert "/plugin install lora-fp16-nan@other-market" in renamed["skills/lora-fp16-nan.md"]


def test_another_process_with_another_hash_seed_finds_the_pages(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    """The key holds the set of skill names: as a digest, never as `hash()` of the set."""
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    cache = tmp_path / "cache"
    script = (
        "import sys; from pathlib import Path; from tests.test_render_cache import _render; "
        "pages, stored = _render(Path(sys.argv[1]), Path(sys.argv[2])); print(stored.rendered)"
    )
    for seed, rendered in (("1", "2"), ("2", "0")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(root), str(cache)],
            capture_output=True, text=True, env=env, cwd=REPO, check=True,
        )  # fmt: skip
        assert done.stdout.strip() == rendered, done.stderr
    assert _render(root, cache)[1].hits == 2
