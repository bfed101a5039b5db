#!/usr/bin/env python3
"""Reproduce the RoPE shape bug from the Base-100 addition baselines and verify the fix (CPU, seconds).

Bug (train.py line 377, apply_rotary_pos_emb):
    RuntimeError: The size of tensor a (32) must match the size of tensor b (16) at non-singleton dimension 3
Standard RoPE code returns freqs of shape [seq_len, head_dim/2]; q and k are [batch, heads, seq_len, head_dim].
Fix: torch.cat((freqs, freqs), dim=-1) -> [seq_len, head_dim], then .unsqueeze(0).unsqueeze(0)
-> [1, 1, seq_len, head_dim] for 4D broadcasting.

    python rope_fix.py            # runs all checks, exit code 0 when the fix is correct
    python rope_fix.py --theta 100 --seq-len 24
"""

from __future__ import annotations

import argparse
import sys

import torch

# (name, d_model, n_layers, n_heads): head_dim = 32 everywhere, as in the Phase 1 baselines
BASELINES = [
    ("upper", 256, 6, 8),
    ("middle", 192, 4, 6),
    ("lower", 64, 3, 2),
    ("tiny", 32, 2, 1),
]


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_pos_emb(q, k, cos, sin):
    return q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin


def rope_cos_sin_buggy(seq_len: int, head_dim: int, theta: float):
    """What train.py had: freqs stay [seq_len, head_dim/2]."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
    freqs = torch.outer(torch.arange(seq_len).float(), inv_freq)  # [seq_len, head_dim/2]
    return freqs.cos(), freqs.sin()


def rope_cos_sin(seq_len: int, head_dim: int, theta: float):
    """Fixed: duplicate to head_dim and add [1, 1, ...] axes."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
    freqs = torch.outer(torch.arange(seq_len).float(), inv_freq)  # [seq_len, head_dim/2]
    emb = torch.cat((freqs, freqs), dim=-1)                       # [seq_len, head_dim]
    cos = emb.cos().unsqueeze(0).unsqueeze(0)                     # [1, 1, seq_len, head_dim]
    sin = emb.sin().unsqueeze(0).unsqueeze(0)
    return cos, sin


def check_bug_reproduces(seq_len: int, theta: float) -> bool:
    q = torch.randn(2, 8, seq_len, 32)
    cos, sin = rope_cos_sin_buggy(seq_len, 32, theta)
    try:
        apply_rotary_pos_emb(q, q, cos, sin)
    except RuntimeError as exc:
        print(f"buggy RoPE    -> RuntimeError: {exc}")
        return "size of tensor a (32) must match the size of tensor b (16) at non-singleton dimension 3" in str(exc)
    print("buggy RoPE    -> no error (unexpected)")
    return False


def check_fixed(seq_len: int, theta: float) -> bool:
    ok = True
    for name, d_model, _, n_heads in BASELINES:
        head_dim = d_model // n_heads
        q = torch.randn(4, n_heads, seq_len, head_dim)
        k = torch.randn(4, n_heads, seq_len, head_dim)
        cos, sin = rope_cos_sin(seq_len, head_dim, theta)
        q_rot, k_rot = apply_rotary_pos_emb(q, k, cos, sin)
        shape_ok = q_rot.shape == q.shape and k_rot.shape == k.shape
        # Rotation keeps norms.
        norm_ok = torch.allclose(q_rot.norm(dim=-1), q.norm(dim=-1), atol=1e-4)
        print(f"fixed RoPE {name:<6} d_model={d_model:<3} heads={n_heads} head_dim={head_dim} "
              f"cos={tuple(cos.shape)} shape_ok={shape_ok} norm_ok={norm_ok}")
        ok &= shape_ok and norm_ok
    return ok


def check_relative(theta: float) -> bool:
    """q_m . k_n must depend only on m - n (the point of RoPE)."""
    head_dim, seq_len = 32, 16
    cos, sin = rope_cos_sin(seq_len, head_dim, theta)
    q = torch.randn(head_dim).expand(1, 1, seq_len, head_dim)
    k = torch.randn(head_dim).expand(1, 1, seq_len, head_dim)
    q_rot, k_rot = apply_rotary_pos_emb(q, k, cos, sin)
    a = (q_rot[0, 0, 5] * k_rot[0, 0, 2]).sum()    # m - n = 3
    b = (q_rot[0, 0, 12] * k_rot[0, 0, 9]).sum()   # m - n = 3
    ok = torch.allclose(a, b, atol=1e-4)
    print(f"relative-position check (theta={theta}): {a.item():.5f} vs {b.item():.5f} ok={ok}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description="RoPE shape bug reproduction and fix check")
    parser.add_argument("--theta", type=float, default=100.0, help="RoPE base; 100 worked for <32-token sequences")
    parser.add_argument("--seq-len", type=int, default=24, help="arithmetic sequences are under 32 tokens")
    args = parser.parse_args()
    torch.manual_seed(0)
    results = [check_bug_reproduces(args.seq_len, args.theta), check_fixed(args.seq_len, args.theta),
               check_relative(args.theta)]
    print("ALL OK" if all(results) else "FAILED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
