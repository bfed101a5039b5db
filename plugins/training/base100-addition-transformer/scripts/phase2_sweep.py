#!/usr/bin/env python3
"""Plan the Base-100 addition sweeps (standard library only).

Phase 2 (default): does wide-shallow beat narrow-deep at the same parameter count?
  * 6 parameter-matched pairs (wide: --wide-layers, deep: --deep-layers)   -> 12 runs
  * depth ablation at a fixed budget, layers in --ablation-layers           ->  6 runs
  = 18 runs. d_model is a multiple of head_dim (32, as in Phase 1); the FFN width is solved
  so both members of a pair land within 1% of the target.

--theta-batch-grid: RoPE theta [10, 30, 100, 500, 10000] x batch size [512, 1024, 2048, 4096].

Parameter counts use a standard pre-LN decoder block (attention 4*d^2 + biases, MLP 2*d*ffn +
biases, two LayerNorms) with tied embeddings. Compare against train.py's own count before launching.

    python phase2_sweep.py                    # table
    python phase2_sweep.py --json             # machine-readable plan
    python phase2_sweep.py --print-commands   # one train.py command per run
"""

from __future__ import annotations

import argparse
import json

VOCAB_SIZE = 105          # "00".."99" + <pad> <bos> <eos> + =
HEAD_DIM = 32
MAX_SEQ_LEN = 32


def block_params(d: int, ffn: int) -> int:
    attn = 4 * d * d + 4 * d          # q, k, v, o with biases
    mlp = 2 * d * ffn + ffn + d       # up + down with biases
    norms = 2 * 2 * d                 # two LayerNorms (weight + bias)
    return attn + mlp + norms


def model_params(d: int, layers: int, ffn: int) -> int:
    return VOCAB_SIZE * d + layers * block_params(d, ffn) + 2 * d   # tied embedding/head + final LN


def solve(target: int, layers: int) -> dict | None:
    """Best (d_model, ffn) for a target: FFN ratio closest to 4, within [1, 8], params within 1%."""
    best = None
    for d in range(HEAD_DIM, 1025, HEAD_DIM):
        per_layer = (target - VOCAB_SIZE * d - 2 * d) / layers
        ffn = (per_layer - 4 * d * d - 4 * d - 4 * d - d) / (2 * d + 1)
        ffn = int(round(ffn / 8) * 8)
        if not d <= ffn <= 8 * d:
            continue
        params = model_params(d, layers, ffn)
        if abs(params - target) / target > 0.01:
            continue
        score = abs(ffn / d - 4)
        if best is None or score < best["_score"]:
            best = {"d_model": d, "n_layers": layers, "n_heads": d // HEAD_DIM, "ffn_dim": ffn,
                    "params": params, "_score": score}
    if best:
        best.pop("_score")
    return best


def phase2_plan(targets, wide_layers, deep_layers, ablation_target, ablation_layers, theta):
    runs = []
    for target in targets:
        for kind, layers in (("wide", wide_layers), ("deep", deep_layers)):
            cfg = solve(target, layers)
            if cfg is None:
                raise SystemExit(f"no {kind} config with {layers} layers within 1% of {target:,} params")
            runs.append({"group": f"pair-{target // 1000}K", "kind": kind, "target": target,
                         "rope_theta": theta, **cfg})
    for layers in ablation_layers:
        cfg = solve(ablation_target, layers)
        if cfg is None:
            raise SystemExit(f"no ablation config with {layers} layers within 1% of {ablation_target:,}")
        runs.append({"group": f"depth-{ablation_target // 1000}K", "kind": f"L{layers}",
                     "target": ablation_target, "rope_theta": theta, **cfg})
    return runs


def theta_batch_plan(d_model, layers, thetas, batches):
    return [{"group": "theta-batch", "kind": f"theta{t}-bs{b}", "d_model": d_model, "n_layers": layers,
             "n_heads": d_model // HEAD_DIM, "rope_theta": t, "batch_size": b}
            for t in thetas for b in batches]


def command(run: dict, project: str) -> str:
    name = f"{run['group']}-{run['kind']}"
    parts = [f"python train.py --name {name}", f"--d_model {run['d_model']}", f"--n_layers {run['n_layers']}",
             f"--n_heads {run['n_heads']}", f"--rope_theta {run['rope_theta']}"]
    if "ffn_dim" in run:
        parts.append(f"--ffn_dim {run['ffn_dim']}")
    if "batch_size" in run:
        parts.append(f"--batch_size {run['batch_size']}")
    parts.append(f"--wandb_project {project}")
    return " ".join(parts)


def main() -> None:
    p = argparse.ArgumentParser(description="Base-100 addition sweep planner")
    p.add_argument("--targets", type=int, nargs="+",
                   default=[500_000, 750_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000])
    p.add_argument("--wide-layers", type=int, default=2)
    p.add_argument("--deep-layers", type=int, default=8)
    p.add_argument("--ablation-target", type=int, default=1_000_000)
    p.add_argument("--ablation-layers", type=int, nargs="+", default=[1, 2, 3, 4, 6, 8])
    p.add_argument("--rope-theta", type=float, default=100)
    p.add_argument("--theta-batch-grid", action="store_true")
    p.add_argument("--grid-d-model", type=int, default=192)
    p.add_argument("--grid-layers", type=int, default=4)
    p.add_argument("--project", default="base100-addition")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--print-commands", action="store_true")
    args = p.parse_args()

    theta = int(args.rope_theta) if float(args.rope_theta).is_integer() else args.rope_theta
    if args.theta_batch_grid:
        runs = theta_batch_plan(args.grid_d_model, args.grid_layers, [10, 30, 100, 500, 10000],
                                [512, 1024, 2048, 4096])
    else:
        runs = phase2_plan(args.targets, args.wide_layers, args.deep_layers, args.ablation_target,
                           args.ablation_layers, theta)

    if args.json:
        print(json.dumps(runs, indent=2))
    elif args.print_commands:
        print("#!/bin/bash\nset -euo pipefail")
        for run in runs:
            print(command(run, args.project))
    else:
        cols = ["group", "kind", "d_model", "n_layers", "n_heads", "ffn_dim", "params", "rope_theta", "batch_size"]
        cols = [c for c in cols if any(c in r for r in runs)]
        print(" | ".join(cols))
        for r in runs:
            print(" | ".join(f"{r[c]:,}" if c == "params" else str(r.get(c, "")) for c in cols))
        print(f"{len(runs)} runs")


if __name__ == "__main__":
    main()
