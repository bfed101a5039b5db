"""Two built sites of the same generator at two sizes -> each kind's MB projected to a larger size.

    .venv/bin/python -m benchmarks.size_projection SMALL_SITE N1 LARGE_SITE N2 [--to 10000]

Each kind (`site_size.kind_of`) is taken as a straight line in the skill count (a fixed part,
such as the theme's assets, plus MB per 1,000 skills) through the two sites, carried on to
`--to`. Both sizes are shown, so a kind that does not grow that way shows it: llms-full.txt
is bounded (whole below a cap, then cut), so a kind that shrinks is kept at the larger site's
figure and marked. A 10,000-skill build under
the lock stays the measurement; this is for iterating at 1,000 and 2,000.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from benchmarks.site_size import kind_of, site_sizes


def by_kind(site: Path) -> Counter[str]:
    totals: Counter[str] = Counter()
    for rel, size in site_sizes(site):
        totals[kind_of(rel)] += size
    return totals


def projection(small: Path, n1: int, large: Path, n2: int, to: int) -> str:
    """A table: each kind's MB at both sizes, per 1,000 skills, and at `to`."""
    one, two = by_kind(small), by_kind(large)
    lines = [f"{'kind':<36} {n1:>8,} {n2:>8,} {'/1k':>7} {to:>9,}"]
    total = 0.0
    for kind in sorted(set(one) | set(two), key=lambda k: -two[k]):
        a, b = one[kind] / 1e6, two[kind] / 1e6
        slope = (b - a) / (n2 - n1) * 1000
        linear = slope >= 0
        at = b + slope * (to - n2) / 1000 if linear else b
        total += at
        mark = "" if linear else "  (shrinks: kept at the larger size)"
        lines.append(f"{kind:<36} {a:8.1f} {b:8.1f} {slope:7.2f} {at:9.1f}{mark}")
    lines.append(
        f"{'total':<36} {sum(one.values()) / 1e6:8.1f} {sum(two.values()) / 1e6:8.1f}"
        f" {'':>7} {total:9.1f}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("small", type=Path)
    parser.add_argument("n1", type=int)
    parser.add_argument("large", type=Path)
    parser.add_argument("n2", type=int)
    parser.add_argument("--to", type=int, default=10_000)
    args = parser.parse_args()
    print(projection(args.small, args.n1, args.large, args.n2, args.to))


if __name__ == "__main__":
    main()
