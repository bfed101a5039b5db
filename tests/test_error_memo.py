"""The `/errors/` index memo (`emit/error_memo`) gives back exactly what assembling gave:
`meta.json` as text, the gzip-compressed files as bytes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen.cache_store import LAYOUT, CacheStore
from site_gen.emit.error_memo import memo_error_files, memo_lookup


def test_a_hit_returns_text_and_bytes_as_they_were_assembled(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "assets/error-index/meta.json": '{"suffix": ".json.gz"}\n',
        "assets/error-index/terms/0.json.gz": gzip.compress(b'{"nccl": [1]}', mtime=0),
        "assets/error-index/docs/0.json.gz": gzip.compress("é\n".encode(), mtime=0),
    }
    calls: list[int] = []

    def assemble() -> dict[str, str | bytes]:
        calls.append(1)
        return dict(files)

    store = CacheStore(tmp_path / "cache")
    shares = ["plugins/a/x", "digest-1"]
    assert memo_error_files(store, shares, assemble) == files
    again = memo_error_files(store, shares, assemble)
    assert calls == [1]
    assert again == files
    assert {p: type(v) for p, v in again.items()} == {p: type(v) for p, v in files.items()}
    memo_error_files(store, ["plugins/a/x", "digest-2"], assemble)
    assert calls == [1, 1]


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=20),
        st.one_of(st.text(max_size=50), st.binary(max_size=50)),
        min_size=1,
        max_size=6,
    )
)
def test_any_mix_of_text_and_bytes_survives_the_store(files: dict[str, str | bytes]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = CacheStore(Path(folder))
        memo_error_files(store, ["k"], lambda: dict(files))
        assert memo_error_files(store, ["k"], lambda: {"other": "x"}) == files


def test_the_lookup_section_is_read_back_as_built_and_a_damaged_one_built_again(
    tmp_path: Path,
) -> None:
    lookup: dict[str, object] = {
        "docs": [{"error": "NCCL timeout", "skill": "ddp-hang"}],
        "lengths": [3.5],
        "average": 3.5,
        "postings": {"nccl": [0, 1.0], "timeout": [0, 0]},
    }
    built: list[int] = []

    def build() -> dict[str, object]:
        built.append(1)
        return json.loads(json.dumps(lookup))

    store = CacheStore(tmp_path / "cache")
    shares = ["plugins/a/x", "digest-1"]
    assert memo_lookup(store, shares, build) == lookup and built == [1]
    again = memo_lookup(store, shares, build)
    assert built == [1]
    assert json.dumps(again, sort_keys=True) == json.dumps(lookup, sort_keys=True)  # 0 an int
    for entry in (tmp_path / "cache" / LAYOUT).glob("??/*"):
        entry.write_bytes(b"damaged")
    assert memo_lookup(store, shares, build) == lookup and built == [1, 1]
    assert memo_lookup(store, ["plugins/a/x", "digest-2"], build) == lookup
    assert built == [1, 1, 1]
