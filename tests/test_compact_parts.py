"""`skills-index.json` in parts: bounded files, and the plugin's client ranks from them as
from the whole index (locally and over HTTP)."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmarks.lookup_dev import dev_registry, queries
from site_gen.search.compact import PATH, compact_index
from site_gen.search.compact_parts import split_index
from tests.test_hook_client import CONFIG, Client, covered_failure

PART_BYTES = 60_000


@pytest.fixture(scope="module")
def whole() -> dict[str, Any]:
    return compact_index(dev_registry(), CONFIG)


@pytest.fixture(scope="module")
def site(whole: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    for rel, text in split_index(whole, PATH, PART_BYTES).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, "utf-8")
    return folder


def test_parts_are_bounded_and_hold_the_whole_index_in_order(
    whole: dict[str, Any], site: Path
) -> None:
    main = json.loads((site / PATH).read_text())
    assert len(main["parts"]) > 3, "the dev registry should need several parts at this size"
    docs, postings, skills = [], {}, []
    for name in main["parts"]:
        assert (site / name).stat().st_size <= PART_BYTES
        part = json.loads((site / name).read_text())
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


def _lookups(client: Client) -> list[str]:
    return [client.run("lookup", "--json", q["query"]).stdout for q in queries()[:8]]


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

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        data = tmp_path / "c"
        remote = Client(
            data, {"CLAUDE_PLUGIN_DATA": str(data), "CLAUDE_PLUGIN_OPTION_SITE_URL": url}
        )
        assert _lookups(remote) == expected
    finally:
        server.shutdown()
        server.server_close()


def test_a_missing_part_leaves_the_client_silent(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    main = json.loads((site / PATH).read_text())
    broken.mkdir()
    (broken / PATH).write_text(json.dumps(main), "utf-8")  # no parts beside it
    data = tmp_path / "data"
    client = Client(
        data, {"CLAUDE_PLUGIN_DATA": str(data), "SKILLS_REGISTRY_INDEX": str(broken / PATH)}
    )
    assert client.hook(covered_failure()) is None
    assert not list((data / "index").glob("*.tmp")), "a half-built cache was left behind"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass
