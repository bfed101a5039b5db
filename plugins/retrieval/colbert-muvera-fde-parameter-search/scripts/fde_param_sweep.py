#!/usr/bin/env python3
"""Grid-search MUVERA FDE parameters against a ColBERT MaxSim baseline.

For each chunk size the corpus is chunked, encoded once with a PyLate ColBERT model and cached.
Then, for every (ksim, d_proj, R_reps) combination, FDEs are built with sionic-ai/muvera-py and
Recall@k is computed. A document's score is the max over its chunks. One CSV row per run.

Requirements: numpy, torch, pylate, datasets, and muvera-py's `fde_generator.py` on PYTHONPATH:
    git clone https://github.com/sionic-ai/muvera-py.git && export PYTHONPATH=$PWD/muvera-py

Example (81 FDE runs + 3 MaxSim baselines):
    python fde_param_sweep.py --chunk-chars 1000 2000 4000 --ksim 3 4 5 \
        --d-proj 32 64 0 --r-reps 8 16 32 --out fde_sweep.csv

`--d-proj 0` disables projection (identity, d_proj = embedding dim).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import logging
import time
from dataclasses import replace

import numpy as np

log = logging.getLogger("fde_sweep")


def load_beir(repo_id: str):
    """BEIR/NanoBEIR-format dataset from the Hugging Face Hub (corpus, queries, qrels)."""
    from datasets import load_dataset

    corpus_ds = load_dataset(repo_id, "corpus", split="train")
    queries_ds = load_dataset(repo_id, "queries", split="train")
    qrels_ds = load_dataset(repo_id, "qrels", split="train")
    corpus = {str(r["_id"]): f"{r.get('title', '') or ''} {r.get('text', '') or ''}".strip()
              for r in corpus_ds}
    queries = {str(r["_id"]): r["text"] for r in queries_ds}
    qrels: dict[str, set[str]] = {}
    for r in qrels_ds:
        qrels.setdefault(str(r["query-id"]), set()).add(str(r["corpus-id"]))
    return corpus, queries, qrels


def chunk_text(text: str, chunk_chars: int) -> list[str]:
    return [text[i:i + chunk_chars] for i in range(0, len(text), chunk_chars)] or [""]


def chunk_corpus(corpus: dict[str, str], chunk_chars: int):
    chunks, owners = [], []
    for doc_id, text in corpus.items():
        for piece in chunk_text(text, chunk_chars):
            chunks.append(piece)
            owners.append(doc_id)
    return chunks, owners


def doc_scores(chunk_scores: np.ndarray, owners: list[str]) -> dict[str, float]:
    """Max over each document's chunks."""
    best: dict[str, float] = {}
    for owner, score in zip(owners, chunk_scores):
        if score > best.get(owner, -np.inf):
            best[owner] = float(score)
    return best


def recall_at_k(ranked: dict[str, list[str]], qrels: dict[str, set[str]], k: int) -> float:
    hits = total = 0
    for qid, docs in ranked.items():
        relevant = qrels.get(qid)
        if not relevant:
            continue
        total += 1
        hits += bool(relevant.intersection(docs[:k]))
    return hits / total if total else 0.0


def top_docs(scores: dict[str, float], k: int) -> list[str]:
    return [d for d, _ in sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:k]]


def maxsim_scores(query_emb: np.ndarray, chunk_embs: list[np.ndarray]) -> np.ndarray:
    # ColBERT late interaction: for each query token, best-matching chunk token; sum over query tokens.
    return np.array([(query_emb @ e.T).max(axis=1).sum() for e in chunk_embs], dtype=np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description="MUVERA FDE parameter sweep vs ColBERT MaxSim")
    parser.add_argument("--dataset", default="zeta-alpha-ai/NanoFiQA2018")
    parser.add_argument("--model", default="lightonai/GTE-ModernColBERT-v1")
    parser.add_argument("--document-length", type=int, default=1024,
                        help="encoder token limit per chunk; must cover ~4,000-character chunks")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--chunk-chars", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--ksim", type=int, nargs="+", default=[3, 4, 5])
    parser.add_argument("--d-proj", type=int, nargs="+", default=[32, 64, 0])
    parser.add_argument("--r-reps", type=int, nargs="+", default=[8, 16, 32])
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-maxsim", action="store_true")
    parser.add_argument("--out", default="fde_sweep.csv")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    import torch
    from pylate.models import ColBERT
    from fde_generator import (FixedDimensionalEncodingConfig, ProjectionType,
                               generate_document_fde_batch, generate_query_fde)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    corpus, queries, qrels = load_beir(args.dataset)
    log.info("dataset %s: %d docs, %d queries", args.dataset, len(corpus), len(queries))
    model = ColBERT(model_name_or_path=args.model, device=device,
                    document_length=args.document_length)
    qids = list(queries)
    query_embs = model.encode([queries[q] for q in qids], is_query=True, batch_size=args.batch_size,
                              convert_to_numpy=True, normalize_embeddings=True)
    dim = int(query_embs[0].shape[-1])

    fields = ["chunk_chars", "method", "ksim", "d_proj", "r_reps", "fde_dim", "bytes_per_chunk",
              "n_chunks", "recall_at_k", "index_seconds", "ms_per_query"]
    with open(args.out, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for chunk_chars in args.chunk_chars:
            chunks, owners = chunk_corpus(corpus, chunk_chars)
            log.info("chunk_chars=%d: %d chunks, encoding...", chunk_chars, len(chunks))
            chunk_embs = model.encode(chunks, is_query=False, batch_size=args.batch_size,
                                      convert_to_numpy=True, normalize_embeddings=True)

            if not args.skip_maxsim:
                start, ranked = time.perf_counter(), {}
                for qid, q in zip(qids, query_embs):
                    ranked[qid] = top_docs(doc_scores(maxsim_scores(q, chunk_embs), owners), args.top_k)
                elapsed = time.perf_counter() - start
                row = dict(chunk_chars=chunk_chars, method="maxsim", ksim="", d_proj="", r_reps="",
                           fde_dim="", bytes_per_chunk=sum(e.nbytes for e in chunk_embs) // len(chunk_embs),
                           n_chunks=len(chunks), recall_at_k=round(recall_at_k(ranked, qrels, args.top_k), 4),
                           index_seconds=0.0, ms_per_query=round(1000 * elapsed / len(qids), 2))
                writer.writerow(row)
                fh.flush()
                log.info("%s", row)

            for ksim, d_proj, r_reps in itertools.product(args.ksim, args.d_proj, args.r_reps):
                projected = d_proj > 0
                doc_config = FixedDimensionalEncodingConfig(
                    dimension=dim,
                    num_repetitions=r_reps,
                    num_simhash_projections=ksim,
                    seed=args.seed,
                    projection_type=ProjectionType.AMS_SKETCH if projected else ProjectionType.DEFAULT_IDENTITY,
                    projection_dimension=d_proj if projected else None,
                    fill_empty_partitions=True,
                )
                query_config = replace(doc_config, fill_empty_partitions=False)
                fde_dim = r_reps * (2 ** ksim) * (d_proj if projected else dim)
                start = time.perf_counter()
                try:
                    doc_fdes = np.asarray(generate_document_fde_batch(chunk_embs, doc_config), dtype=np.float32)
                except MemoryError as exc:   # numpy's _ArrayMemoryError subclasses MemoryError
                    log.warning("skip ksim=%d d_proj=%d r_reps=%d: %s", ksim, d_proj, r_reps, exc)
                    continue
                index_seconds = time.perf_counter() - start
                start, ranked = time.perf_counter(), {}
                for qid, q in zip(qids, query_embs):
                    scores = doc_fdes @ generate_query_fde(q, query_config)
                    ranked[qid] = top_docs(doc_scores(scores, owners), args.top_k)
                elapsed = time.perf_counter() - start
                row = dict(chunk_chars=chunk_chars, method="fde", ksim=ksim, d_proj=d_proj or "none",
                           r_reps=r_reps, fde_dim=fde_dim, bytes_per_chunk=fde_dim * 4, n_chunks=len(chunks),
                           recall_at_k=round(recall_at_k(ranked, qrels, args.top_k), 4),
                           index_seconds=round(index_seconds, 2),
                           ms_per_query=round(1000 * elapsed / len(qids), 2))
                writer.writerow(row)
                fh.flush()
                log.info("%s", row)
                del doc_fdes
    log.info("wrote %s", args.out)


if __name__ == "__main__":
    main()
