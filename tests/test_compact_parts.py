"""`skills-index.json` in gzip'd parts: bounded files, and the plugin's client ranks from them
as from the whole index (locally and over HTTP)."""

from __future__ import annotations

import copy
import gzip
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmarks.lookup_dev import dev_registry, queries
from site_gen.search.compact import PATH, compact_index
from site_gen.search.compact_parts import gap_postings, read_part, split_index
from tests.test_hook_client import CONFIG, Client, covered_failure

PART_BYTES = 60_000


@pytest.fixture(scope="module")
def whole() -> dict[str, Any]:
    return compact_index(dev_registry(), CONFIG)


@pytest.fixture(scope="module")
def site(whole: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    _write_site(folder, split_index(whole, PATH, PART_BYTES))
    return folder


def test_parts_are_bounded_and_hold_the_whole_index_in_order(
    whole: dict[str, Any], site: Path
) -> None:
    main = json.loads((site / PATH).read_text())
    assert len(main["parts"]) > 3, "the dev registry should need several parts at this size"
    docs, postings, skills = [], {}, []
    for name in main["parts"]:
        data = (site / name).read_bytes()
        assert name.endswith(".json.gz") and len(gzip.decompress(data)) <= PART_BYTES
        assert len(data) < PART_BYTES / 3, "parts are stored compressed"
        part = read_part(data)
        docs += part["docs"]
        assert not set(postings) & set(part["postings"]), "a term's list is split"
        postings.update(part["postings"])
        skills += part["skills"]
    assert docs == whole["lookup"]["docs"] and postings == whole["lookup"]["postings"]
    assert skills == whole["advise"]["skills"]
    rest = {k: v for k, v in main.items() if k != "parts"}
    assert rest["lookup"] == {
        k: v for k, v in whole["lookup"].items() if k not in ("docs", "postings")
    }
    assert split_index(whole, PATH, PART_BYTES) == split_index(whole, PATH, PART_BYTES)


def _lookups(client: Client, count: int = 8) -> list[str]:
    return [client.run("lookup", "--json", q["query"]).stdout for q in queries()[:count]]


def test_the_client_answers_from_parts_as_from_the_whole_index(
    whole: dict[str, Any], site: Path, tmp_path: Path
) -> None:
    single = tmp_path / "single" / PATH
    single.parent.mkdir()
    single.write_text(json.dumps(whole), "utf-8")
    from_whole = Client(
        tmp_path / "a",
        {"CLAUDE_PLUGIN_DATA": str(tmp_path / "a"), "SKILLS_REGISTRY_INDEX": str(single)},
    )
    from_parts = Client(
        tmp_path / "b",
        {"CLAUDE_PLUGIN_DATA": str(tmp_path / "b"), "SKILLS_REGISTRY_INDEX": str(site / PATH)},
    )
    expected = _lookups(from_whole)
    assert all(json.loads(answer) for answer in expected)
    assert _lookups(from_parts) == expected
    advise = ("advise", "--json", "GRPO with an external vLLM server")
    assert from_parts.run(*advise).stdout == from_whole.run(*advise).stdout
    assert from_parts.hook(covered_failure()) is not None

    with _served(partial(_Quiet, directory=str(site))) as url:
        data = tmp_path / "c"
        remote = Client(
            data, {"CLAUDE_PLUGIN_DATA": str(data), "CLAUDE_PLUGIN_OPTION_SITE_URL": url}
        )
        assert _lookups(remote) == expected


def test_a_missing_part_leaves_the_client_silent(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    main = json.loads((site / PATH).read_text())
    broken.mkdir()
    (broken / PATH).write_text(json.dumps(main), "utf-8")  # no parts beside it
    data = tmp_path / "data"
    client = Client(
        data, {"CLAUDE_PLUGIN_DATA": str(data), "SKILLS_REGISTRY_INDEX": str(broken / PATH)}
    )
    assert client.build().returncode == 1  # what the background builder does, here and now
    assert not list((data / "index").glob("*.tmp")), "a half-built cache was left behind"
    assert client.hook(covered_failure()) is None


@contextmanager
def _served(handler: Any) -> Iterator[str]:
    """The base URL of a loopback HTTP server answering with `handler`, while in the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _write_site(folder: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / rel).write_bytes(data)


def test_after_an_edit_the_client_downloads_only_the_parts_that_changed(
    whole: dict[str, Any], tmp_path: Path
) -> None:
    before = split_index(whole, PATH, PART_BYTES)
    edited = copy.deepcopy(whole)
    edited["advise"]["skills"][len(edited["advise"]["skills"]) // 2]["description"] += " Edited."
    edited["lookup"]["docs"][len(edited["lookup"]["docs"]) // 2]["fix"] += " Edited."
    after = split_index(edited, PATH, PART_BYTES)
    new_parts = sorted(set(after) - set(before))
    assert 1 <= len(new_parts) <= 4 < len(after) - 1, "cuts moved far from the edits"

    site = tmp_path / "site"
    _write_site(site, before)
    requested: list[str] = []
    with _served(partial(_Logged, requested, directory=str(site))) as url:
        data = tmp_path / "data"
        client = Client(
            data, {"CLAUDE_PLUGIN_DATA": str(data), "CLAUDE_PLUGIN_OPTION_SITE_URL": url}
        )
        first = _lookups(client, 1)
        assert sorted(requested) == sorted(before)
        _write_site(site, after)
        (data / "index" / "index.sqlite").unlink()  # as when the recheck finds a new ETag
        requested.clear()
        assert _lookups(client, 1) == first
        assert sorted(requested) == sorted([PATH, *new_parts])
        kept = sorted(p.name for p in (data / "index" / "parts").iterdir())
        assert kept == sorted(name.rsplit("/", 1)[1] for name in after if name != PATH)


def test_a_kept_part_that_was_altered_is_fetched_again(site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with _served(partial(_Quiet, directory=str(site))) as url:
        client = Client(
            data, {"CLAUDE_PLUGIN_DATA": str(data), "CLAUDE_PLUGIN_OPTION_SITE_URL": url}
        )
        expected = _lookups(client, 1)
        kept = sorted((data / "index" / "parts").iterdir())
        kept[0].write_bytes(gzip.compress(b'{"docs": [], "postings": {}, "skills": []}\n'))
        (data / "index" / "index.sqlite").unlink()
        assert _lookups(client, 1) == expected
        assert kept[0].read_bytes() == (site / "skills-index" / kept[0].name).read_bytes()


def test_posting_gaps_round_trip() -> None:
    postings = [3, 1.0, 5, 0.3, 40, 8.0]
    assert gap_postings(postings) == [3, 1.0, 2, 0.3, 35, 8.0]
    assert postings == [3, 1.0, 5, 0.3, 40, 8.0], "the caller's list is left alone"
    assert gap_postings([]) == [] and gap_postings([7, 2.0]) == [7, 2.0]


@pytest.mark.parametrize("damage", ["not gzip", "cut short"])
def test_a_damaged_part_leaves_the_client_silent(site: Path, tmp_path: Path, damage: str) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    main = json.loads((site / PATH).read_text())
    part = broken / main["parts"][1]
    data = part.read_bytes()
    part.write_bytes(b'{"docs": []}' if damage == "not gzip" else data[: len(data) // 2])
    data_dir = tmp_path / "data"
    client = Client(
        data_dir, {"CLAUDE_PLUGIN_DATA": str(data_dir), "SKILLS_REGISTRY_INDEX": str(broken / PATH)}
    )
    result = client.run("lookup", "--json", queries()[0]["query"])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert client.hook(covered_failure()) is None


def test_an_index_of_another_format_is_refused_cleanly(site: Path, tmp_path: Path) -> None:
    old = tmp_path / "site"
    shutil.copytree(site, old)
    main = json.loads((site / PATH).read_text())
    (old / PATH).write_text(json.dumps({**main, "format": 2}), "utf-8")
    data_dir = tmp_path / "data"
    client = Client(
        data_dir, {"CLAUDE_PLUGIN_DATA": str(data_dir), "SKILLS_REGISTRY_INDEX": str(old / PATH)}
    )
    result = client.run("advise", "--json", "GRPO with an external vLLM server")
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert client.hook(covered_failure()) is None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Logged(_Quiet):
    """Records the path of every request into the list given first."""

    def __init__(self, requested: list[str], *args: Any, **kwargs: Any) -> None:
        self.requested = requested
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.requested.append(self.path.lstrip("/"))
        super().do_GET()
