"""Which pages a shard renders, and the deploy workflow's matrix from [tool.site-gen]."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_gen.config import ConfigError
from site_gen.shard_plan import Shard, matrix_lines

paths = st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=60)


@given(paths, st.integers(1, 64))
def test_shards_take_every_page_once_and_evenly(pages: list[str], count: int) -> None:
    shares = [Shard(i, count).pick(pages) for i in range(1, count + 1)]
    assert sum(len(s) for s in shares) == len(pages)
    assert set().union(*shares) == set(pages)
    assert max(map(len, shares)) - min(map(len, shares)) <= 1


@pytest.mark.parametrize(
    ("text", "error"),
    [("0/2", "1 <= I <= N"), ("3/2", "1 <= I <= N"), ("1/65", "N <= 64"), ("a/b", "not I/N")],
)
def test_bad_shard_specs_say_why(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        Shard.parse(text)


def test_matrix_from_config(tmp_path: Path) -> None:
    assert matrix_lines(tmp_path) == "count=1\nshards=[1]\n"
    (tmp_path / "pyproject.toml").write_text("[tool.site-gen]\nbuild_shards = 3\n")
    assert matrix_lines(tmp_path) == "count=3\nshards=[1, 2, 3]\n"
    # What the workflow runs: no install, standard library only.
    run = subprocess.run(
        [sys.executable, "-S", "-m", "site_gen.shard_plan", str(tmp_path)],
        capture_output=True, text=True, cwd=Path(__file__).parents[1], check=True,
    )  # fmt: skip
    assert run.stdout == "count=3\nshards=[1, 2, 3]\n"
    (tmp_path / "pyproject.toml").write_text('[tool.site-gen]\nbuild_shards = "many"\n')
    with pytest.raises(ConfigError, match="build_shards = 'many'; give a whole number"):
        matrix_lines(tmp_path)


@given(
    st.integers(1, 6).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))),
    st.integers(1, 5),
    st.integers(0, 80),
)
def test_a_share_split_in_parts_picks_exactly_its_pages(
    shard: tuple[int, int], parts: int, pages: int
) -> None:
    """`--shard I/N --jobs J`: the J workers of a shard render its pages, each once."""
    paths = [f"p{i:03}.md" for i in range(pages)]
    whole = Shard(*shard)
    picked = [part.pick(paths) for part in whole.split(parts)]
    assert set().union(*picked) == whole.pick(paths)
    assert sum(len(p) for p in picked) == len(whole.pick(paths))
