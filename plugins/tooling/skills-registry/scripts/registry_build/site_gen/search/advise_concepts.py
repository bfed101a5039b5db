# Copied from site_gen/search/advise_concepts.py by `site-gen marketplace`: edit that file.
"""The concepts `/advise` matches beside words: a general ML thesaurus of phrases.

"OOM", "out of memory" and "CUDA out of memory" all name the concept `oom`; a plan and a skill
that name the same concept match even when they share no word. Standard library only: copied
into the tooling plugin with `advise_rank` (see `vendor.py`).
"""

from __future__ import annotations

import re

# Concept -> patterns over lowercased text. A general ML thesaurus, not tuned to any skill.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "oom": (
        r"\boom\b",
        r"out[ -]of[ -](?:gpu |cuda |device |host )?memory",
        r"outofmemory",
        r"memoryerror",
        r"\bvram\b",
        r"memory (?:blow|explo|spike|leak|pressure|usage|footprint)",
        r"runs? out of memory",
        r"(?:gpu|cuda) memory",
        r"\bmem(?:ory)? (?:error|issue)",
    ),
    "nan": (
        r"\bnans?\b",
        r"\binfs?\b",
        r"diverg",
        r"\bexplod",
        r"blows? up",
        r"blew up",
        r"loss spikes?",
        r"unstable",
        r"instabilit",
        r"overflow",
    ),
    "lr": (r"\blrs?\b", r"learning[ _-]?rates?", r"step size", r"\blr[ _-]?(?:schedul|warmup)"),
    "warmup": (r"warm[ _-]?up", r"lr schedul", r"cosine (?:decay|schedul)", r"scheduler"),
    "distributed": (
        r"\bddp\b",
        r"distributed",
        r"multi[ -]?gpu",
        r"multi[ -]?node",
        r"\d+ ?x? ?gpus\b",
        r"\bgpus\b",
        r"torchrun",
        r"\bfsdp\b",
        r"deepspeed",
        r"\bzero[ -]?[123]\b",
        r"\bnccl\b",
        r"data[ -]parallel",
        r"tensor[ -]parallel",
        r"pipeline[ -]parallel",
        r"\bmegatron\b",
        r"accelerate launch",
        r"world[ _]size",
        r"\branks?\b",
    ),
    "precision": (
        r"\bbf16\b",
        r"bfloat16",
        r"\bfp16\b",
        r"float16",
        r"half[ -]precision",
        r"mixed[ -]precision",
        r"\bamp\b",
        r"autocast",
        r"gradscaler",
        r"loss scal",
    ),
    "finetune": (
        r"fine[ -]?tun",
        r"\bsft\b",
        r"supervised fine",
        r"instruction[ -]tun",
        r"\blora\b",
        r"\bqlora\b",
        r"\bpeft\b",
        r"adapters?\b",
    ),
    "lora": (r"\blora\b", r"\bqlora\b", r"low[ -]rank adapt", r"\bpeft\b", r"lora_r\b"),
    "rl": (
        r"\brlhf\b",
        r"\bgrpo\b",
        r"\bppo\b",
        r"\bdpo\b",
        r"\brloo\b",
        r"\bkto\b",
        r"reinforcement learning",
        r"preference (?:optimi|tuning|data)",
        r"reward (?:model|func)",
        r"\brewards?\b",
        r"policy (?:model|gradient|optimi)",
        r"\brollouts?\b",
    ),
    "quantization": (
        r"quantiz",
        r"quantis",
        r"\bint[48]\b",
        r"\b[48][ -]?bits?\b",
        r"\bgptq\b",
        r"\bawq\b",
        r"bitsandbytes",
        r"\bnf4\b",
        r"\bfp8\b",
        r"\bgguf\b",
    ),
    "serving": (
        r"\bvllm\b",
        r"\bsglang\b",
        r"\btgi\b",
        r"inference server",
        r"serv(?:e|er|ing)\b",
        r"openai[ -]compatible",
        r"\bendpoint",
        r"throughput",
        r"latency",
    ),
    "retrieval": (
        r"retriev",
        r"\brag\b",
        r"vector (?:search|index|db|store)",
        r"embeddings?\b",
        r"\bcolbert\b",
        r"late interaction",
        r"multi[ -]vector",
        r"\bann\b",
        r"\bfaiss\b",
        r"nearest neighbou?r",
        r"\brecall@",
        r"\bndcg\b",
        r"search quality",
        r"rerank",
        r"\bmaxsim\b",
        r"semantic search",
        r"dense passage",
    ),
    "tokenizer": (
        r"tokeni[sz]",
        r"\bvocab",
        r"\bbpe\b",
        r"sentencepiece",
        r"byte[ -]pair",
        r"chat template",
        r"special tokens?",
        r"pad(?:ding)? tokens?",
        r"\beos\b",
    ),
    "position": (
        r"\brope\b",
        r"rotary",
        r"position(?:al)? (?:embed|encod|ids?)",
        r"\balibi\b",
        r"rope[ _]theta",
        r"rope scaling",
        r"\byarn\b",
    ),
    "sweep": (
        r"\bsweeps?\b",
        r"hyper[ -]?param",
        r"grid search",
        r"random search",
        r"\bablat",
        r"\boptuna\b",
        r"parameter search",
        r"search space",
        r"\btuning\b",
    ),
    "batch": (
        r"batch[ _-]?sizes?",
        r"\bbsz\b",
        r"micro[ _-]?batch",
        r"gradient[ _-]accumulation",
        r"grad[ _-]accum",
    ),
    "attention": (
        r"flash[ _-]?attn",
        r"flash[ _-]?attention",
        r"\bsdpa\b",
        r"scaled[ _]dot[ _]product",
        r"attention kernel",
        r"xformers",
    ),
    "checkpointing": (
        r"gradient[ _-]checkpoint",
        r"activation[ _-]checkpoint",
        r"activation recomput",
        r"\brecomput",
    ),
    "resume": (
        r"\bresum",
        r"checkpoint(?:s|ing)? (?:load|sav|restor)",
        r"(?:load|sav|restor)\w* "
        r"(?:a |the )?checkpoint",
        r"state[ _]dict",
        r"safetensors",
        r"\bpreempt",
    ),
    "save": (
        r"\bsav(?:e|es|ed|ing)\b",
        r"\bwrit\w* (?:\w+ ){0,2}(?:weights|checkpoints?|model)\b",
        r"\bdump\w* (?:\w+ ){0,2}(?:weights|checkpoints?|model)\b",
        r"\bcheckpoint",
        r"\bexport\w* (?:\w+ )?model",
        r"save_pretrained",
    ),
    "hang": (
        r"\bhangs?\b",
        r"\bhung\b",
        r"hanging",
        r"\bstuck\b",
        r"freez",
        r"deadlock",
        r"time[ds]? ?out",
        r"timeout",
        r"watchdog",
        r"never (?:finish|return|start)",
    ),
    "compile": (r"torch\.compile", r"\bcompil", r"inductor", r"graph break", r"dynamo", r"triton"),
    "pruning": (r"\bprun", r"sparsit", r"\bsparse\b", r"magnitude pruning", r"wanda", r"sparsegpt"),
    "distillation": (
        r"distill",
        r"teacher[ -]student",
        r"\bteacher model",
        r"\bstudent model",
        r"knowledge transfer",
    ),
    "evaluation": (
        r"\beval",
        r"benchmark",
        r"lm[ -]eval",
        r"harness",
        r"\bmmlu\b",
        r"\bgsm8k\b",
        r"held[ -]out",
        r"exact match",
        r"\baccuracy\b",
        r"\bmetrics?\b",
        r"leaderboard",
        r"contaminat",
    ),
    "dataloader": (
        r"data ?loader",
        r"num_workers",
        r"data loading",
        r"\bworkers?\b",
        r"prefetch",
        r"input pipeline",
        r"data pipeline",
    ),
    "long_context": (
        r"long[ -]context",
        r"context (?:length|window)",
        r"sequence length",
        r"max_seq",
        r"\b\d+k (?:context|tokens)",
        r"\blong sequences?",
        r"\bseq_len",
    ),
    "small_model": (
        r"\btiny\b",
        r"small (?:model|transformer|network)",
        r"parameter budget",
        r"\d+(?:\.\d+)?\s?[mk] param",
        r"few (?:million|hundred thousand) param",
        r"param(?:eter)? count",
        r"model siz",
    ),
    "arithmetic": (
        r"arithmetic",
        r"\baddition\b",
        r"adding (?:two |large )?(?:numbers|integers)",
        r"\bsums?\b",
        r"\bdigits?\b",
        r"integer",
        r"multiplication",
        r"\bmath\b",
    ),
    "scaling": (
        r"scaling law",
        r"wide[ -](?:and[ -])?shallow",
        r"narrow[ -]deep",
        r"depth vs",
        r"width vs",
        r"\bdeeper\b",
        r"\bwider\b",
    ),
    "gradient": (
        r"gradient (?:norm|clip|explo|vanish)",
        r"grad[ _-]?norm",
        r"clip[ _-]?grad",
        r"max_grad_norm",
    ),
    "cuda_error": (
        r"cuda error",
        r"illegal memory access",
        r"device-side assert",
        r"cublas",
        r"cudnn",
        r"\bnvcc\b",
        r"cuda version",
        r"driver version",
    ),
    "install": (
        r"\binstall",
        r"\bpip\b",
        r"wheel",
        r"build fail",
        r"\bimporterror\b",
        r"no module named",
        r"version (?:mismatch|conflict|pin)",
        r"\bdependenc",
        r"\bcompatib",
    ),
    "logging": (
        r"\bwandb\b",
        r"weights (?:&|and) biases",
        r"tensorboard",
        r"\bmlflow\b",
        r"experiment track",
    ),
    "moe": (r"mixture[ -]of[ -]experts", r"\bmoe\b", r"\bexperts?\b", r"router", r"load balanc"),
    "multimodal": (
        r"vision",
        r"\bimages?\b",
        r"multimodal",
        r"multi-modal",
        r"\bvlm\b",
        r"\bclip\b",
        r"\bllava\b",
        r"\bsiglip\b",
        r"\baudio\b",
        r"\bspeech\b",
        r"\bvideo\b",
    ),
    "kv_cache": (r"kv[ -]?cache", r"paged attention", r"prefix cach", r"gpu_memory_utilization"),
    "speculative": (r"speculative", r"draft model", r"\bmedusa\b", r"\beagle\b"),
}


def _literal_prefix(pattern: str) -> str:
    """The plain text every match of `pattern` starts with ("" when there is none)."""
    body = pattern.removeprefix(r"\b")
    out: list[str] = []
    for char in body:
        if char.isalnum() or char in " _":
            out.append(char)
            continue
        if char in "?*{" and out:  # the last character is optional
            out.pop()
        break
    return "".join(out) if len(out) >= 2 else ""


_CONCEPT_RES = {
    concept: tuple((_literal_prefix(p), re.compile(p)) for p in patterns)
    for concept, patterns in CONCEPTS.items()
}
"""Each alternative with a literal prefix: a substring test skips most regex scans."""


def concepts(text: str) -> dict[str, str]:
    """Concept -> the first phrase in `text` that names it."""
    lowered = text.lower()
    found = {}
    for concept, alternatives in _CONCEPT_RES.items():
        for literal, pattern in alternatives:
            match = pattern.search(lowered) if not literal or literal in lowered else None
            if match:
                found[concept] = _whole_words(lowered, match.start(), match.end())
                break
    return found


def _whole_words(text: str, start: int, end: int) -> str:
    """The match widened to whole words: "diverg" in "diverging" -> "diverging"."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip()
