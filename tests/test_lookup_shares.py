"""`lookup` and `advise` rebuild their indexes from the plugins' shares the build keeps (one
store, `index_cache`), and their warm runs import only what they need."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from site_gen.cache_store import LAYOUT, CacheStore
from site_gen.cli import main
from site_gen.emit.plugin_parts import PluginParts, decode, encode
from tests.conftest import REPO, MakeRegistry, plugin_files
from tests.test_emit_cache import SKILL, _build, _same_site, _shares

ERROR = "ValueError: Attempting to unscale FP16 gradients."
GOAL = "LoRA fp16 loss NaN GradScaler"


def _entries(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (cache / LAYOUT).glob("??/*")}


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [args[0], "--root", str(root), *args[1:]])
    assert result.exit_code == 0, result.output
    return result.stdout


def _tamper(cache: Path, key: str, change: str) -> None:
    """Rewrite a share's fixes for the CLI's eyes only: what a read of the share shows."""
    store = CacheStore(cache)
    data = store.get(key)
    assert data is not None
    share = decode(data)
    errors = [
        dataclasses.replace(item, doc=dataclasses.replace(item.doc, fix=change + item.doc.fix))
        for item in share.errors
    ]
    records = [dict(record, description=change) for record in share.skills]
    store.put(key, encode(PluginParts(errors, share.fixes, records)))


def test_lookup_and_advise_read_the_build_shares_and_never_a_stale_one(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(plugin_files() | plugin_files("zero3-offload", "distributed"))
    cache = root / ".cache" / "site-gen"
    _build(root, tmp_path / "site")
    shares = _shares(cache)
    assert len(shares) == 2
    before = _entries(cache)
    plain = {"lookup": _run(root, "lookup", "--json", ERROR), "advise": _run(root, "advise", GOAL)}
    assert _entries(cache).keys() == before.keys()  # every plugin and share read, none made

    for key in shares:
        _tamper(cache, key, "FROM THE BUILD ")
    for name in ("lookup", "advise"):
        for old in (root / ".cache" / name).iterdir():
            old.unlink()
    assert "FROM THE BUILD " in _run(root, "lookup", "--json", ERROR)
    assert "FROM THE BUILD" in _run(root, "advise", GOAL)

    skill = root / SKILL
    skill.write_text(skill.read_text().replace("Use bf16 or lr 1e-4", "Use bf16 and NaN guards"))
    edited = {"lookup": _run(root, "lookup", "--json", ERROR), "advise": _run(root, "advise", GOAL)}
    fixes = {item["skill"]: item["fix"] for item in json.loads(edited["lookup"])}
    assert "FROM THE BUILD" not in fixes["lora-fp16-nan"]  # edited: its share made again
    assert "FROM THE BUILD" in fixes["zero3-offload"]  # unchanged: the build's share
    shown = {part.split("  [")[0]: part for part in edited["advise"].split("\n\n") if part}
    assert "FROM THE BUILD" not in shown["1. lora-fp16-nan"]
    assert edited != plain
    assert len(_shares(cache)) == 3  # the edited plugin's new share, the build's kept


WARM_RUN = """
import sys
from site_gen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
heavy = ("mkdocs", "jinja2", "markdown", "pygments", "yaml", "markdown_it", "site_gen.emit",
         "site_gen.render", "site_gen.loader")
print(sorted(name for name in sys.modules if name.split(".")[0] in heavy
             or any(name.startswith(h + ".") or name == h for h in heavy)))
"""


def test_warm_lookup_and_advise_import_no_parser_renderer_or_mkdocs(
    make_registry: MakeRegistry,
) -> None:
    root = make_registry(plugin_files())
    for args in (["lookup", "--json", ERROR], ["advise", "--json", GOAL]):
        command = [sys.executable, "-c", WARM_RUN, args[0], "--root", str(root), *args[1:]]
        cold = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
        assert "site_gen.loader" in cold.stdout  # the first run built the index
        warm = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
        assert warm.stdout.strip().splitlines()[-1] == "[]", (args[0], warm.stdout)


def test_every_command_has_help_with_an_example() -> None:
    top = CliRunner().invoke(main, ["--help"])
    assert top.exit_code == 0
    for name in main.commands:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name


def test_lookup_and_advise_store_only_their_part_which_the_build_completes(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(plugin_files() | plugin_files("zero3-offload", "distributed"))
    cache = root / ".cache" / "site-gen"
    looked_up = _run(root, "lookup", "--json", ERROR)
    shares = {key: decode(data) for key, data in _stored_shares(cache).items()}
    assert len(shares) == 2
    for share in shares.values():  # the error documents only: no fix rendered, no record
        assert share.absent == {"fixes", "skills", "error_digest"}
        assert share.errors and not share.fixes and not share.skills
    advised = _run(root, "advise", GOAL)
    for key, data in _stored_shares(cache).items():  # the records added, the documents kept
        share = decode(data)
        assert share.absent == {"fixes", "error_digest"} and share.skills
        assert share.errors == shares[key].errors

    _build(root, tmp_path / "site")  # completes the shares: the same site as with no cache
    _build(root, tmp_path / "plain", "--no-cache")
    _same_site(tmp_path / "plain", tmp_path / "site")
    completed = {key: decode(data) for key, data in _stored_shares(cache).items()}
    assert completed.keys() == shares.keys()
    for key, share in completed.items():
        assert not share.absent and share.fixes and share.error_digest
        assert share.errors == shares[key].errors
    assert _run(root, "lookup", "--json", ERROR) == looked_up
    assert _run(root, "advise", GOAL) == advised


def _stored_shares(cache: Path) -> dict[str, bytes]:
    store = CacheStore(cache)
    found = {key: store.get(key) for key in _shares(cache)}
    return {key: data for key, data in found.items() if data is not None}
