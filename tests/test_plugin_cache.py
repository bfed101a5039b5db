"""The plugin cache (`site_gen.plugin_cache`): through the real CLI, the same output with and
without it; through the loader, what is a hit, what is a miss, and what is never stored."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
import tempfile
import zlib
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from site_gen.cache_store import LAYOUT, CacheStore
from site_gen.check import run_check
from site_gen.cli import main
from site_gen.loader import LoadResult, load_registry
from site_gen.plugin_cache import PluginStore
from site_gen.validate import validate
from tests.conftest import MakeRegistry, plugin_files
from tests.secret_vectors import GITHUB, HF

BASE = "plugins/distributed/ddp-hang"
LORA_NOTES = "../../training/lora-fp16-nan/references/troubleshooting.md"
FILES: dict[str, str | bytes] = {
    **plugin_files(),
    **plugin_files("ddp-hang", "distributed"),
    **plugin_files("sparse-moe", "training"),
    # A README the model does not hold: its links are checked from the cache (W402, W403).
    f"{BASE}/README.md": f"# DDP\n\nSee [gone](missing.md) and [lora]({LORA_NOTES}).\n",
    # A byte-order mark, a binary file, a folder with nothing in it.
    f"{BASE}/references/notes.md": "\ufeff# Notes\n\nA [link](../skills/ddp-hang/SKILL.md).\n",
    f"{BASE}/scripts/weights.bin": bytes(range(256)) * 4,
    "plugins/training/sparse-moe/skills/sparse-moe/SKILL.md": "no front matter\n",  # E201
}
SECRET_FILE = f"{BASE}/scripts/train.sh"


def _check(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(root), "--quiet", *args])


def _load(root: Path, cache: Path) -> tuple[LoadResult, PluginStore]:
    stored = PluginStore(CacheStore(cache))
    return load_registry(root, stored=stored), stored


def _same_load(a: LoadResult, b: LoadResult) -> None:
    """Everything validation and rendering read from a load is equal (parses aside)."""
    assert a.registry == b.registry
    assert (a.problems, a.texts, a.files) == (b.problems, b.texts, b.files)
    today = dt.date(2026, 1, 1)
    assert validate(a, today) == validate(b, today)


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / LAYOUT).glob("??/*") if not p.name.startswith("."))


def test_check_prints_the_same_with_and_without_the_cache(make_registry: MakeRegistry) -> None:
    root = make_registry(FILES)
    for fmt in ("text", "json", "github"):
        plain = _check(root, "--no-cache", "--format", fmt)
        assert not (root / ".cache").exists()  # --no-cache writes nothing
        cold, warm = _check(root, "--format", fmt), _check(root, "--format", fmt)
        assert plain.stdout == cold.stdout == warm.stdout
        assert plain.exit_code == cold.exit_code == warm.exit_code == 1
        shutil.rmtree(root / ".cache")
    codes = {row["code"] for row in json.loads(_check(root, "--format", "json").stdout)}
    assert {"E201", "W402", "W403"} <= codes
    assert run_check(root, None, cache_dir=root / ".cache/site-gen").cached == 3

    # Links are resolved against today's files: a hit still sees another plugin's file go.
    (root / "plugins/training/lora-fp16-nan/references/troubleshooting.md").unlink()
    run = run_check(root, None, cache_dir=root / ".cache/site-gen")
    assert run.cached == 2  # ddp-hang, whose README links there, is a hit
    gone = f"link '{LORA_NOTES}' points at a file that does not exist"
    assert any(p.message == gone for p in run.problems)
    assert _check(root).stdout == _check(root, "--no-cache").stdout


def test_a_hit_is_the_load_it_replaces_and_parses_where_read(make_registry: MakeRegistry) -> None:
    root = make_registry(FILES)
    cache = root.parent / "cache"
    plain = load_registry(root)
    cold, first = _load(root, cache)
    warm, second = _load(root, cache)
    assert (first.hits, first.misses, second.hits, second.misses) == (0, 3, 3, 0)
    _same_load(plain, cold)
    _same_load(plain, warm)
    skills = {s.path: s for p in plain.registry for s in p.skills}
    assert all(s.document is None for p in warm.registry for s in p.skills)  # none unpickled
    for plugin in warm.registry:
        for skill in plugin.skills:  # parsed where read, as the load parsed it
            assert skill.markdown.sections == skills[skill.path].markdown.sections
            assert skill.markdown.lines == skills[skill.path].markdown.lines


def test_damaged_entries_are_misses_and_are_written_again(make_registry: MakeRegistry) -> None:
    root = make_registry(FILES)
    cache = root / ".cache/site-gen"
    expected = _check(root, "--no-cache").stdout
    _check(root)
    entries = _entries(cache)
    assert len(entries) == 3  # each plugin's entry
    damages = [
        lambda key, data: b"not zlib",
        lambda key, data: data[: len(data) // 2],
        lambda key, data: zlib.compress(key + b"\nnot a pickle"),
        lambda key, data: zlib.compress(key + b"\n" + pickle.dumps({"plugin": 1})),
        lambda key, data: zlib.compress(key + b"\n" + pickle.dumps(["a"])[:-1]),
    ]
    for damage in damages:
        for path in entries:
            path.write_bytes(damage(path.name.encode(), path.read_bytes()))
        result = _check(root)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stdout == expected
        assert run_check(root, None, cache_dir=cache).cached == 3  # rewritten by the miss


def test_plugins_with_a_symlink_or_a_fifo_are_loaded_each_time(
    make_registry: MakeRegistry,
) -> None:
    root = make_registry(FILES)
    os.symlink("../references/notes.md", root / BASE / "scripts/notes.md")
    os.mkfifo(root / "plugins/training/sparse-moe/references/fifo.md")  # opening one blocks
    expected = _check(root, "--no-cache").stdout
    assert _check(root).stdout == _check(root).stdout == expected
    assert run_check(root, None, cache_dir=root / ".cache/site-gen").cached == 1


def test_a_secret_in_a_changed_file_is_found_and_never_stored(make_registry: MakeRegistry) -> None:
    root = make_registry(FILES)
    cache = root / ".cache/site-gen"
    _check(root)
    assert run_check(root, None, cache_dir=cache).cached == 3
    (root / SECRET_FILE).write_text(f"#!/bin/sh\nexport HF_TOKEN={HF}\ngh auth {GITHUB}\n")
    masked = _check(root, "--no-cache")
    for _ in range(2):  # found, and found again: the plugin is not cached while it has one
        result = _check(root)
        assert result.stdout == masked.stdout and result.exit_code == 1
        assert f"{SECRET_FILE}:2: E900 error: " in result.stdout
        assert f"{SECRET_FILE}:3: E900 error: " in result.stdout
        assert HF not in result.stdout and GITHUB not in result.stdout
        assert run_check(root, None, cache_dir=cache).cached == 2
    for path in _entries(cache):
        data = zlib.decompress(path.read_bytes())
        assert HF.encode() not in data and GITHUB.encode() not in data


def test_an_unusable_cache_folder_is_a_note_not_a_failure(make_registry: MakeRegistry) -> None:
    root = make_registry(FILES)
    theirs = root / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("not a cache\n")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--cache", str(theirs)])
    assert result.stdout == _check(root, "--no-cache").stdout
    assert "checking without the cache: " in result.stderr
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]


_PRIMED: dict[str, Path] = {}


def _primed() -> Path:
    """A registry and its filled cache, made once; each example works on a copy."""
    if not _PRIMED:
        base = Path(tempfile.mkdtemp(prefix="plugin-cache-"))
        for rel, content in FILES.items():
            path = base / "registry" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)
        _load(base / "registry", base / "cache")
        _PRIMED["base"] = base
    return _PRIMED["base"]


@given(
    which=st.integers(min_value=0),
    change=st.sampled_from(["byte", "append", "truncate", "delete", "add", "rename", "folder"]),
    position=st.integers(min_value=0),
    byte=st.integers(min_value=0, max_value=255),
)
def test_any_change_to_a_plugin_is_a_miss_for_that_plugin_only(
    which: int, change: str, position: int, byte: int
) -> None:
    base = _primed()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(base / "registry", work / "registry")
        shutil.copytree(base / "cache", work / "cache")
        root = work / "registry"
        files = sorted(p for p in (root / "plugins").rglob("*") if p.is_file())
        path = files[which % len(files)]
        data = path.read_bytes()
        if change == "byte":
            at = position % len(data)
            new = byte if byte != data[at] else (byte + 1) % 256
            path.write_bytes(data[:at] + bytes([new]) + data[at + 1 :])
        elif change == "append":
            path.write_bytes(data + bytes([byte]))
        elif change == "truncate":
            path.write_bytes(data[: position % len(data)])
        elif change == "delete":
            path.unlink()
        elif change == "add":
            path.with_name(f"new-{byte}.txt").write_bytes(bytes([byte]))
        elif change == "rename":
            path.rename(path.with_name(f"renamed-{path.name}"))
        else:
            (path.parent / f"empty-{byte}").mkdir()
        changed = "/".join(path.relative_to(root).parts[:3])

        result, stored = _load(root, work / "cache")
        plain = load_registry(root)
        _same_load(plain, result)
        assert stored.misses == 1 and stored.hits == len(plain.registry) - 1
        again, stored = _load(root, work / "cache")
        _same_load(plain, again)
        assert stored.hits == len(plain.registry) and changed in {p.path for p in plain.registry}


def test_lookup_and_advise_answer_the_same_from_the_cache(make_registry: MakeRegistry) -> None:
    """Their indexes are rebuilt from cached plugins and cached per-plugin terms after an
    edit: the answers are those of a registry read from scratch."""
    root = make_registry(FILES)
    queries = {
        "lookup": ["lookup", "--json", "ValueError: Attempting to unscale FP16 gradients."],
        "advise": ["advise", "--json", "LoRA fp16 loss NaN GradScaler"],
    }

    def answers() -> dict[str, str]:
        shutil.rmtree(root / ".cache/lookup", ignore_errors=True)
        shutil.rmtree(root / ".cache/advise", ignore_errors=True)
        found = {}
        for name, args in queries.items():
            result = CliRunner().invoke(main, [args[0], "--root", str(root), *args[1:]])
            assert result.exit_code == 0, result.output
            found[name] = result.stdout
        return found

    plain = answers()  # no build cache yet: this fills it
    assert json.loads(plain["lookup"]) and json.loads(plain["advise"])
    assert answers() == plain  # every plugin and every plugin's terms from the cache
    skill = root / "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    skill.write_text(skill.read_text().replace("Use bf16 or lr 1e-4", "Use bf16 and NaN guards"))
    edited = answers()
    shutil.rmtree(root / ".cache/site-gen")
    assert answers() == edited != plain
