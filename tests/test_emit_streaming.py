"""The emit phase's memory: files written as made (`emit_writer`), shares' values stored once
(`emit.shared_values`); the published site and its bytes as before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_gen.build import BuildError, build_site
from site_gen.emit.plugin_parts import PluginParts
from site_gen.emit.shared_values import SharedValues
from site_gen.emit_writer import StagedFiles
from site_gen.search.error_index import Doc, IndexedDoc
from site_gen.site_dir import MARKER, MARKER_TEXT
from tests.conftest import REPO, MakeRegistry, plugin_files


def test_staged_files_go_to_disk_at_once_and_keep_no_text(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("a page MkDocs built\n")
    staged = StagedFiles(tmp_path)
    staged.update({"llms.txt": "first\n", "assets/x.gz": b"\x1f\x8b"})
    assert (tmp_path / "llms.txt").read_text() == "first\n"
    assert (tmp_path / "assets/x.gz").read_bytes() == b"\x1f\x8b"
    staged["llms.txt"] = "second\n"  # a later emitter wins, as in a dict
    assert (tmp_path / "llms.txt").read_text() == "second\n"
    assert list(staged) == ["assets/x.gz", "llms.txt"] and len(staged) == 2
    with pytest.raises(KeyError):
        staged["llms.txt"]
    with pytest.raises(BuildError, match=r"index\.html would overwrite a page MkDocs built"):
        staged["index.html"] = "emitted\n"
    assert (tmp_path / "index.html").read_text() == "a page MkDocs built\n"


def test_a_failure_in_the_last_emitter_leaves_the_old_site(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    """The feed is emitted last: every other emitted file is already in the staging folder
    when its path turns out to be taken (a hand-written docs/feed.xml that MkDocs copied)."""
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    theme = tmp_path / "theme"
    theme.mkdir()
    shutil.copy(REPO / "mkdocs.yml", theme / "mkdocs.yml")
    shutil.copytree(REPO / "docs", theme / "docs")
    shutil.copytree(REPO / "overrides", theme / "overrides")
    (theme / "docs/feed.xml").write_text("<feed/>\n")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site\n")
    (site / MARKER).write_text(MARKER_TEXT)

    with pytest.raises(BuildError, match=r"emitted file feed\.xml would overwrite"):
        build_site(
            root, mkdocs_yml=theme / "mkdocs.yml", echo=lambda _: None, cache_dir=tmp_path / "c"
        )

    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert (site / "index.html").read_text() == "the old site\n"
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def _doc(skill: str) -> Doc:
    return Doc(skill, "e", "boom", "", "", "u", "entry", (("error", "boom"),))


def test_shared_values_make_equal_terms_one_object_and_keep_number_types() -> None:
    shared = SharedValues()
    first = shared.share(
        PluginParts(
            [IndexedDoc(_doc("a"), 2.0, (("nccl", 1.0), ("timeout", 0)))],
            {"fix": "<p>fix</p>"},
            [{"terms": {"body": {"nccl": 1}}, "flag": True}],
        )
    )
    second = shared.share(
        PluginParts(
            [IndexedDoc(_doc("b"), 3.0, (("".join(["nc", "cl"]), 1.0), ("timeout", 0.0)))],
            {},
            [{"terms": {"body": {"".join(["nc", "cl"]): 1}}, "flag": 1}],
        )
    )
    (a,), (b,) = first.errors, second.errors
    assert a.terms[0] is b.terms[0]  # ("nccl", 1.0): one tuple for both documents
    assert a.terms[1] == ("timeout", 0) and type(a.terms[1][1]) is int
    assert b.terms[1] == ("timeout", 0.0) and type(b.terms[1][1]) is float
    keys = [next(iter(p.skills[0]["terms"]["body"])) for p in (first, second)]
    assert keys[0] is keys[1]
    assert first.skills[0]["flag"] is True and second.skills[0]["flag"] == 1
    assert json.dumps(second.skills) == '[{"terms": {"body": {"nccl": 1}}, "flag": 1}]'
    assert first.fixes == {"fix": "<p>fix</p>"} and a.doc == _doc("a")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=30,
)


@given(st.lists(JSON, max_size=4), st.lists(JSON, max_size=4))
def test_shared_records_serialise_as_the_originals(first: list[Any], second: list[Any]) -> None:
    shared = SharedValues()
    for records in (first, second):
        parts = shared.share(PluginParts([], {}, records))
        assert json.dumps(parts.skills) == json.dumps(records)
