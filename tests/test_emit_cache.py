"""Emitted files through the build cache (`emit/plugin_parts.py`), via the real CLI and
`mkdocs build --strict`: the same bytes with the cache, without it and cold, after an edit,
a new skill and a deleted one; one plugin's share computed per changed plugin."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

from click.testing import CliRunner

from site_gen.cache_store import LAYOUT
from site_gen.cli import main
from site_gen.code_version import code_version, import_closure
from site_gen.emit.plugin_parts import PRODUCERS
from tests.conftest import REPO, MakeRegistry, plugin_files
from tests.test_build import _tree_differences

SKILL = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
TROUBLE = "plugins/training/lora-fp16-nan/references/troubleshooting.md"


def _build(root: Path, out: Path, *options: str) -> None:
    args = ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml"), "--out", str(out)]
    result = CliRunner().invoke(main, [*args, *options])
    assert result.exit_code == 0, result.output


def _shares(cache: Path) -> set[str]:
    """Keys of the cache entries that are plugins' shares of the emitted files."""
    found = set()
    for path in (cache / LAYOUT).glob("??/*"):
        data = zlib.decompress(path.read_bytes())
        if data.split(b"\n", 1)[1].startswith(b'{"errors":'):
            found.add(path.name)
    return found


def _emitted(site: Path) -> list[str]:
    """The files the emitters wrote (those MkDocs writes are the page cache's business)."""
    names = [".well-known", "skills-index", "assets/error-index", "llms"]
    files = [f for n in names for f in (site / n).rglob("*") if f.is_file()]
    files += [site / n for n in ("skills-index.json", "llms.txt", "llms-full.txt", "feed.xml")]
    return sorted(str(f.relative_to(site)) for f in files)


def _same_site(a: Path, b: Path) -> None:
    assert _emitted(a) == _emitted(b)
    assert len(_emitted(a)) > 10
    assert _tree_differences(a, b) == []


def test_emitted_files_are_the_same_with_and_without_the_cache(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(
        {**plugin_files(), **plugin_files("ddp-hang", "distributed"),
         **plugin_files("kv-cache-oom", "inference")}
    )  # fmt: skip
    cache = tmp_path / "cache"
    _build(root, tmp_path / "plain", "--no-cache")
    _build(root, tmp_path / "cold", "--cache", str(cache))
    _same_site(tmp_path / "plain", tmp_path / "cold")
    shares = _shares(cache)
    assert len(shares) == 3
    _build(root, tmp_path / "warm", "--cache", str(cache))
    _same_site(tmp_path / "plain", tmp_path / "warm")
    assert _shares(cache) == shares

    changes = {
        "edit": lambda: (root / TROUBLE).write_text(
            (root / TROUBLE).read_text()
            + "\n## `RuntimeError: CUDA error: device-side assert triggered`\n\n"
            "**Symptom:** the loss jumps, then the assert.\n\n**Cause:** a label out of "
            "range.\n\n**Fix:** check `num_labels`:\n\n```python\nassert labels.max() < n\n```\n"
        ),
        "new skill": lambda: make_registry(plugin_files("tokenizer-drift", "data"), root),
        "deleted skill": lambda: shutil.rmtree(root / "plugins/distributed/ddp-hang"),
    }
    for name, change in changes.items():
        change()
        before = _shares(cache)
        _build(root, tmp_path / name / "cached", "--cache", str(cache))
        _build(root, tmp_path / name / "plain", "--no-cache")
        _same_site(tmp_path / name / "cached", tmp_path / name / "plain")
        computed = _shares(cache) - before
        assert len(computed) == (0 if name == "deleted skill" else 1), name
    assert (
        "CUDA error: device-side assert"
        in (tmp_path / "edit" / "cached" / "llms-full.txt").read_text()
    )


def test_emitted_files_do_not_depend_on_hash_seed_or_time_zone(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    """Two processes, other seeds and zones, one with a warm cache: the same bytes."""
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    cache = tmp_path / "cache"
    sites = []
    for seed, zone in (("1", "UTC"), ("4242", "Pacific/Kiritimati"), ("77", "America/Adak")):
        site = tmp_path / f"site-{seed}"
        args = ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml")]
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        command = [sys.executable, "-m", "site_gen.cli", *args, "--out", str(site)]
        done = subprocess.run(
            [*command, "--cache", str(cache)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr + done.stdout
        sites.append(site)
    _same_site(sites[0], sites[1])
    _same_site(sites[0], sites[2])


def test_shares_are_keyed_by_the_modules_that_make_them() -> None:
    """The loader and the index builders are in the key; the CLI and the page build are not."""
    closure = {p.relative_to(REPO).as_posix() for p in import_closure(*PRODUCERS).values()}
    for module in ("loader.py", "search/tokenize.py", "search/compact.py", "render/fix_html.py"):
        assert f"site_gen/{module}" in closure
    for module in ("cli.py", "build.py", "mkdocs_cache.py", "mkdocs_run.py", "serve.py"):
        assert f"site_gen/{module}" not in closure
    assert code_version(*PRODUCERS) != code_version("site_gen.loader")
