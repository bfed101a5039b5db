"""Error lookup: the index built from the model, ranking and confidence, the CLI and its cache."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

from click.testing import CliRunner

from benchmarks.lookup_dev import dev_registry, is_hit, queries
from site_gen import urls
from site_gen.cli import main
from site_gen.config import Config
from site_gen.emit import site_files
from site_gen.loader import load_registry
from site_gen.search.cache import CACHE_DIR
from site_gen.search.error_index import build_index
from site_gen.search.rank import rank
from tests.conftest import MakeRegistry, plugin_files

TRACEBACK = """\
[rank2]: Traceback (most recent call last):
[rank2]:   File "/srv/venv/lib/python3.11/site-packages/torch/amp/grad_scaler.py", line 259, in _unscale_grads_
[rank2]:     raise ValueError("Attempting to unscale FP16 gradients.")
[rank2]: ValueError: Attempting to unscale FP16 gradients.
"""


def test_index_holds_entries_and_quoting_failed_attempts(make_registry: MakeRegistry) -> None:
    registry = load_registry(make_registry(plugin_files())).registry
    docs = build_index(registry)["docs"]
    kinds = sorted((d["kind"], d["entry"]) for d in docs)
    # The troubleshooting entry, plus both Failed Attempts rows (one quotes `nan`, one an error).
    assert kinds == [
        ("entry", "ValueError: Attempting to unscale FP16 gradients."),
        ("failed-attempt", "Plain GradScaler"),
        ("failed-attempt", "fp16 with lr 3e-4"),
    ]
    entry = next(d for d in docs if d["kind"] == "entry")
    anchor = registry.plugins[0].all_troubleshooting[0].anchor
    assert entry["url"] == urls.entry("lora-fp16-nan", anchor)
    assert entry["error"] == "ValueError: Attempting to unscale FP16 gradients."
    assert "fp32" in entry["fix"]


def test_a_real_traceback_finds_its_entry_confidently(make_registry: MakeRegistry) -> None:
    index = build_index(load_registry(make_registry(plugin_files())).registry)
    best = rank(index, TRACEBACK)[0]
    assert (best.doc["kind"], best.confident) == ("entry", True)


def test_unseen_error_is_not_confident() -> None:
    index = build_index(dev_registry())
    results = rank(index, "ImportError: libcudart.so.12: cannot open shared object file")
    assert results and not results[0].confident


def test_nothing_in_common_gives_no_results() -> None:
    assert rank(build_index(dev_registry()), "zzqx wvvq") == []


def test_dev_set_meets_the_targets() -> None:
    """The issue's quality bar on the dev set (benchmarks/lookup_eval.py prints the figures)."""
    index = build_index(dev_registry())
    covered = [q for q in queries() if q["expect"] != "none"]
    uncovered = [q for q in queries() if q["expect"] == "none"]
    at1 = at3 = 0
    for q in covered:
        hits = [
            is_hit(q, m.doc["skill"], m.doc["entry"], m.doc["error"])
            for m in rank(index, q["query"], 3)
        ]
        at1 += bool(hits and hits[0])
        at3 += any(hits)
    assert at1 / len(covered) >= 0.9
    assert at3 / len(covered) >= 0.97
    assert [q["id"] for q in uncovered if rank(index, q["query"])[0].confident] == []


def test_index_is_a_site_file_and_rebuilds_byte_identical(make_registry: MakeRegistry) -> None:
    registry = load_registry(make_registry(plugin_files())).registry
    first = site_files(registry, Config())
    assert first == site_files(registry, Config())
    meta = json.loads(first[urls.ERROR_INDEX + "meta.json"])
    assert first[urls.ERROR_INDEX + "meta.json"].endswith("\n") and meta["docs"] > 0
    index = [rel for rel in first if rel.startswith(urls.ERROR_INDEX)]
    assert all(rel.endswith(".json.gz") or rel.endswith("meta.json") for rel in index)
    assert all(isinstance(first[rel], bytes) for rel in index if rel.endswith(".gz"))


def test_cli_json_is_a_ranked_list_with_absolute_urls(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    result = CliRunner().invoke(
        main, ["lookup", "--root", str(root), "--json", "-"], input=TRACEBACK
    )
    assert result.exit_code == 0, result.output
    results = json.loads(result.output)
    assert {"skill", "entry", "error", "cause", "fix", "score", "confident", "url"} <= set(
        results[0]
    )
    assert results[0]["skill"] == "lora-fp16-nan" and results[0]["confident"] is True
    assert results[0]["url"].startswith(Config().site + "skills/lora-fp16-nan/#error-")
    assert [r["confident"] for r in results[1:]] == [False] * (len(results) - 1)


def test_cli_text_says_plainly_when_nothing_fits(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    query = "safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge"
    result = CliRunner().invoke(main, ["lookup", "--root", str(root), "--limit", "1", query])
    assert result.exit_code == 0
    assert result.output.startswith("no confident match")
    assert "/retrospective" in result.output


def test_cli_without_a_query_is_a_usage_error(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    result = CliRunner().invoke(main, ["lookup", "--root", str(root), "-"], input="  \n")
    assert result.exit_code == 2 and "give the error text" in result.output


def test_cache_is_reused_then_rebuilt_when_a_plugin_changes(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    run = ["lookup", "--root", str(root), "--json", "unscale FP16 gradients"]
    assert CliRunner().invoke(main, run).exit_code == 0
    cached = list((root / CACHE_DIR).glob("*.marshal"))
    assert len(cached) == 1
    index = marshal.loads(cached[0].read_bytes())
    docs = [marshal.loads(doc) for doc in index["docs"]]
    for doc in docs:
        doc["fix"] = doc["fix"].replace("Keep the trainable", "CACHED fix: keep")
    index["docs"] = [marshal.dumps(doc) for doc in docs]
    cached[0].write_bytes(marshal.dumps(index))
    assert "CACHED fix" in CliRunner().invoke(main, run).output  # warm: served from the cache
    troubleshooting = next(root.glob("plugins/*/*/references/troubleshooting.md"))
    troubleshooting.write_text(troubleshooting.read_text() + "\n")  # size changes
    output = CliRunner().invoke(main, run).output
    assert "CACHED fix" not in output and "Keep the trainable" in output
    assert len(list((root / CACHE_DIR).glob("*.marshal"))) == 1


def test_errors_page_template_uses_the_site_paths() -> None:
    template = (Path(__file__).parent.parent / "overrides" / "errors.html").read_text()
    assert f"'{urls.ERROR_INDEX}' | url" in template
    assert f"'{urls.CONTRIBUTING_PAGE}' | url" in template
