"""Shards of the page render: which pages `site-gen build --shard I/N` takes, and the
deploy workflow's matrix (`python -m site_gen.shard_plan`, standard library only, so the
planning job needs no install).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .config import Config, ConfigError, load_config

MAX_SHARDS = 64


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count`, counted from 1 as people say it: `--shard 2/4`."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`I/N` with 1 <= I <= N <= 64, or ValueError saying what is wrong."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not match:
            raise ValueError(f"{text!r} is not I/N (for example 1/2)")
        shard = cls(int(match.group(1)), int(match.group(2)))
        if not 1 <= shard.index <= shard.count <= MAX_SHARDS:
            raise ValueError(f"{text!r}: I/N needs 1 <= I <= N <= {MAX_SHARDS}")
        return shard

    @property
    def name(self) -> str:
        return f"{self.index}-of-{self.count}"

    def pick(self, paths: list[str]) -> set[str]:
        """This shard's share: every N-th of the sorted paths, so shards differ by one page
        at most and together take each page exactly once."""
        return set(sorted(paths)[self.index - 1 :: self.count])

    def split(self, parts: int) -> list[Shard]:
        """This share cut in `parts` shares that together pick exactly its pages: part k
        (from 0) of share I/N takes every (N * parts)-th page from page I + k * N."""
        return [Shard(self.index + k * self.count, self.count * parts) for k in range(parts)]


def shard_count(config: Config) -> int:
    """`build_shards` of `[tool.site-gen]`, or ConfigError."""
    try:
        count = int(config.build_shards)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_SHARDS:
        raise ConfigError(
            f"pyproject.toml:0: E010 error: [tool.site-gen] build_shards = "
            f"{config.build_shards!r}; give a whole number from 1 to {MAX_SHARDS}"
        )
    return count


def matrix_lines(root: Path) -> str:
    """`count=N` and `shards=[1, ..., N]`: lines for $GITHUB_OUTPUT (the matrix job runs
    `--shard I/N` and uploads its outbox as the artifact `I-of-N`)."""
    count = shard_count(load_config(root))
    return f"count={count}\nshards={json.dumps(list(range(1, count + 1)))}\n"


if __name__ == "__main__":
    try:
        sys.stdout.write(matrix_lines(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
    except ConfigError as exc:
        sys.exit(str(exc))
