"""Failure-hook injections on everyday noise over registries of imported real skills.

    python -m benchmarks.real_skills_noise REGISTRY_ROOT...

Each registry (e.g. made by `site-gen import` of a public skill collection) is loaded and its
error index built; every output of `benchmarks/hook_dev/noise.yaml`, `shapes_noise.yaml` and
`benchmarks/hook_heldout/noise.yaml` goes through `hook_gate.confident_entries`. Prints the
injections per set (the hook must stay at or under 1%) and each one found.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from site_gen.loader import load_registry
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

HERE = Path(__file__).resolve().parent
NOISE = ("hook_dev/noise.yaml", "hook_dev/shapes_noise.yaml", "hook_heldout/noise.yaml")


def main(roots: list[str]) -> None:
    for root in roots:
        index = build_index(load_registry(Path(root)).registry)
        print(f"{root}: {len(index['docs'])} documents")  # type: ignore[arg-type]
        for name in NOISE:
            cases = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
            fired = [(c["id"], confident_entries(index, c["error"])) for c in cases]
            fired = [(case, found) for case, found in fired if found]
            share = 100 * len(fired) / len(cases)
            print(f"  {name}: {len(fired)}/{len(cases)} injected ({share:.1f}%)")
            for case, found in fired:
                print(f"    {case}: {found[0].doc['skill']} / {found[0].doc['entry']}")


if __name__ == "__main__":
    main(sys.argv[1:])
