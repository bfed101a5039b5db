"""The tokenizer and the ranking exist twice (Python for the CLI and the index, JavaScript
for the page). Shared vectors and the dev set pin them to each other, run under node."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import generate_registry
from benchmarks.lookup_dev import dev_registry, queries
from benchmarks.run import _lookup_queries
from site_gen.emit import bucket_maxima, error_shards
from site_gen.emit.error_shards import FOLDER, error_shard_files, impact
from site_gen.loader import load_registry
from site_gen.search import tokenize
from site_gen.search.error_index import build_index
from site_gen.search.rank import rank

VECTORS = Path(__file__).parent / "vectors"
NODE = shutil.which("node") or "/usr/bin/node"


def _node(payload: dict[str, Any]) -> Any:
    out = subprocess.run(
        [NODE, str(VECTORS / "run_js.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def _site(shards: dict[str, str | bytes], folder: Path) -> str:
    """The index files written under `folder` as a build writes them; node reads them there."""
    for rel, content in shards.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(folder)


def _json(content: str | bytes) -> Any:
    """An index file's data: the gzip-compressed ones inflated with Python's own gzip."""
    return json.loads(gzip.decompress(content) if isinstance(content, bytes) else content)


def _python(text: str) -> dict[str, Any]:
    weights, focus = tokenize.query_terms(text)
    return {
        "input": text,
        "tokens": tokenize.tokens(text),
        "lines": [[line.weight, list(line.tokens)] for line in tokenize.lines(text)],
        "weights": dict(sorted(weights.items())),
        "focus": sorted(focus),
    }


@pytest.fixture(scope="module")
def vectors() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((VECTORS / "tokenize.json").read_text("utf-8"))
    return data


def test_python_matches_the_vectors(vectors: list[dict[str, Any]]) -> None:
    assert [_python(v["input"]) for v in vectors] == vectors


def test_javascript_matches_the_vectors(vectors: list[dict[str, Any]]) -> None:
    assert _node({"texts": [v["input"] for v in vectors]}) == vectors


def test_both_agree_on_every_dev_paste() -> None:
    texts = [q["query"] for q in queries()]
    assert _node({"texts": texts}) == [_python(t) for t in texts]


def test_both_rank_the_dev_set_identically() -> None:
    index = build_index(dev_registry())
    texts = [q["query"] for q in queries()]
    js = _node({"index": json.loads(json.dumps(index)), "queries": texts, "limit": 5})
    for text, theirs in zip(texts, js, strict=True):
        ours = rank(index, text, 5)
        assert [m.doc["url"] for m in ours] == [m["url"] for m in theirs], text[:80]
        assert [m.confident for m in ours] == [m["confident"] for m in theirs], text[:80]
        assert [round(m.score, 6) for m in ours] == [round(m["score"], 6) for m in theirs]
        assert [round(m.coverage, 6) for m in ours] == [round(m["coverage"], 6) for m in theirs]


def test_vectors_exercise_what_the_normalizer_promises(vectors: list[dict[str, Any]]) -> None:
    """Not a tautology: the vectors themselves must show prefixes, paths and ids dropped."""
    every = {t for v in vectors for _, tokens in v["lines"] for t in tokens}
    for noise in ("rank3", "rank0", "41822", "0x7f3a2b1c4d50", "home", "site", "packages", "w0305"):
        assert noise not in every
    for kept in ("update_flattened_params", "rollout_mixin", "distbackenderror", "bf16", "a100"):
        assert kept in every


CLIENT = Path(__file__).parent.parent / "plugins/tooling/skills-registry/scripts"
_CLIENT_VECTORS = """
import json, sys
sys.path.insert(0, sys.argv[1])
from registry_search import tokenize
out = []
for text in json.load(sys.stdin):
    weights, focus = tokenize.query_terms(text)
    out.append({"input": text, "tokens": tokenize.tokens(text),
                "lines": [[l.weight, list(l.tokens)] for l in tokenize.lines(text)],
                "weights": dict(sorted(weights.items())), "focus": sorted(focus)})
print(json.dumps(out))
"""


def test_the_plugin_client_matches_the_vectors_under_the_system_python(
    vectors: list[dict[str, Any]],
) -> None:
    """The copy in the tooling plugin, run by `python3` in isolated mode (no venv packages)."""
    texts = [v["input"] for v in vectors] + [q["query"] for q in queries()]
    python3 = shutil.which("python3", path="/usr/bin:/usr/local/bin") or "python3"
    out = subprocess.run(
        [python3, "-I", "-B", "-c", _CLIENT_VECTORS, str(CLIENT)],  # -B: no __pycache__ there
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == vectors + [_python(q["query"]) for q in queries()]


def _assert_same_ranking(ours: list[Any], got: list[dict[str, Any]], text: str) -> None:
    assert [m.doc["url"] for m in ours] == [m["url"] for m in got], text[:80]
    assert [m.confident for m in ours] == [m["confident"] for m in got], text[:80]
    assert [round(m.score, 6) for m in ours] == [round(m["score"], 6) for m in got]
    assert [round(m.coverage, 6) for m in ours] == [round(m["coverage"], 6) for m in got]


@pytest.mark.parametrize(
    ("bucket", "group", "chunk", "tf_scale", "coarse_df"),
    [(32, 1, 8, 0, 1 / 64), (2, 1, 3, 100, 1.0), (2, 5, 3, 0, 1 / 64)],
)
def test_sharded_page_ranking_equals_the_cli(
    bucket: int,
    group: int,
    chunk: int,
    tf_scale: int,
    coarse_df: float,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The page ranks over the split index (error_shards) and must give what `site-gen lookup`
    gives over the whole one: same entries, order, scores, coverage and confidence. Tiny
    buckets make nearly every query read several rounds of buckets, so the stopping rule is
    exercised; several display records per file exercise the lookup within a file; tfs in
    hundredths are what an index with a tf off the tenths would store; common terms take the
    coarse form of their bucket maxima in one case, the dense one in the other; several
    buckets a scoring file make a file read score buckets not picked for their bound."""
    monkeypatch.setattr(error_shards, "COARSE_DF", coarse_df)
    if tf_scale:
        monkeypatch.setattr(error_shards, "tf_scale", lambda _: tf_scale)
    registry = dev_registry()
    index = build_index(registry)
    shards = error_shard_files(registry, bucket=bucket, group=group, chunk=chunk)
    texts = [q["query"] for q in queries()] + ["no token here matches anything zzqx"]
    js = _node({"site": _site(shards, tmp_path), "queries": texts, "limit": 5})
    rounds = 0
    for text, theirs in zip(texts, js, strict=True):
        ours = rank(index, text, 5)
        _assert_same_ranking(ours, theirs["results"], text)
        fields = ("skill", "entry", "error", "cause", "kind")
        assert [[m.doc[f] for f in fields] for m in ours] == theirs["shown"]
        read = sum(path.startswith("buckets/") for path in theirs["loaded"])
        rounds += read > 4
    if bucket < 10:
        assert rounds > len(texts) / 2, "the small buckets never made a query read on"


def test_sharded_ranking_equals_the_cli_on_near_ties(tmp_path: Path) -> None:
    """Generated skills share error texts, so many entries score (nearly) alike: the case where
    bucket bounds must be exact upper bounds and the stopping rule strict. Small buckets make
    queries read many of them over several rounds."""
    generate_registry(tmp_path / "registry", 60)
    registry = load_registry(tmp_path / "registry").registry
    index = build_index(registry)
    shards = error_shard_files(registry, bucket=3, group=1, chunk=2)
    texts = _lookup_queries(60)[:24]
    js = _node({"site": _site(shards, tmp_path / "site"), "queries": texts, "limit": 5})
    for text, theirs in zip(texts, js, strict=True):
        _assert_same_ranking(rank(index, text, 5), theirs["results"], text)
    read = [sum(p.startswith("buckets/") for p in theirs["loaded"]) for theirs in js]
    assert sum(count > 4 for count in read) >= 3, "too few queries read a second round"
    assert max(read) < sum(p.startswith(FOLDER + "buckets/") for p in shards) / 4
    grouped = error_shard_files(registry, bucket=3, group=4, chunk=2)
    js = _node({"site": _site(grouped, tmp_path / "grouped"), "queries": texts, "limit": 5})
    for text, theirs in zip(texts, js, strict=True):
        _assert_same_ranking(rank(index, text, 5), theirs["results"], text)


@pytest.mark.parametrize("coarse_df", [error_shards.COARSE_DF, 1.0])
def test_bucket_maxima_bound_every_document_in_the_bucket(
    tmp_path: Path, coarse_df: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page skips a bucket on its stored maxima alone, so each must be at least the
    impact (recomputed here from the CLI index's lengths and tfs) of every document in it.
    With no term common enough for the coarse form, the dense form is exercised."""
    monkeypatch.setattr(error_shards, "COARSE_DF", coarse_df)
    generate_registry(tmp_path, 30)
    registry = load_registry(tmp_path).registry
    index = build_index(registry)
    shards = error_shard_files(registry, bucket=4, group=1, chunk=2)
    tf = {
        (term, int(plist[i])): plist[i + 1]
        for term, plist in index["postings"].items()
        for i in range(0, len(plist), 2)
    }
    members = {
        int(path.rsplit("/", 1)[1].split(".")[0]): [rec[0] for rec in _json(content)]
        for path, content in shards.items()
        if path.startswith(FOLDER + "buckets/")
    }
    checked = dense = coarse = 0
    for path, content in shards.items():
        if not path.startswith(FOLDER + "terms/"):
            continue
        for term, (df, _, *form) in _json(content).items():
            bounds = bucket_maxima.decode(form)
            holders = [d for k in bounds for d in members[k] if (term, d) in tf]
            assert df == len(holders) == len(index["postings"][term]) // 2
            for k, stored in bounds.items():
                for d in members[k]:
                    if (term, d) in tf:
                        attempt = index["docs"][d]["kind"] == "failed-attempt"
                        value = impact(tf[term, d], index["lengths"][d], index["average"], attempt)
                        assert value <= stored, (term, d)
                        checked += 1
            dense += len(form) == 3
            coarse += len(form) == 4
    assert checked > 1000 and (dense if coarse_df == 1.0 else coarse) > 10, (dense, coarse)
