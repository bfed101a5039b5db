"""`CacheStore.memo`: a stored value is read back, not made; an entry that does not read as
one is dropped, made again and stored in its place."""

from __future__ import annotations

from pathlib import Path

from site_gen.cache_store import CacheStore


def _memo(store: CacheStore, made: list[str], value: str) -> str:
    def read(data: bytes) -> str | None:
        text = data.decode("utf-8")
        return text if text.startswith("ok:") else None

    def make() -> str:
        made.append(value)
        return f"ok:{value}"

    return store.memo("key", read, make, lambda v: store.put("key", v.encode(), count=False))


def test_a_stored_value_is_read_back_not_made(tmp_path: Path) -> None:
    store, made = CacheStore(tmp_path / "cache"), []
    assert _memo(store, made, "first") == "ok:first"
    assert _memo(CacheStore(tmp_path / "cache"), made, "second") == "ok:first"
    assert made == ["first"]


def test_an_unreadable_entry_is_made_again_and_replaced(tmp_path: Path) -> None:
    store, made = CacheStore(tmp_path / "cache"), []
    store.put("key", b"damaged", count=False)
    assert _memo(store, made, "fresh") == "ok:fresh"
    assert made == ["fresh"]
    assert store.get("key", count=False) == b"ok:fresh"
    assert (store.hits, store.misses) == (0, 0)  # the build's own entries are not counted
