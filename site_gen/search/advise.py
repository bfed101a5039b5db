"""Rank skills for a described plan or problem: what `/advise` and `site-gen advise` read.

BM25F over a skill's fields (name, tags, description with its usage scenarios, Failed
Attempts, troubleshooting, overview, body), with three helps for how people describe plans:
- ML jargon folds into shared concepts both ways ("OOM" = "out of memory", "LR" = "learning
  rate", "NaN" = "diverges", "DDP" = "multi-GPU"), applied to skills and queries alike;
- Porter stems on words ("pruning" = "prune"), code tokens kept whole and split (tokenize.py);
- a query word the registry never uses is matched to near spellings (one or two edits).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import os
import pickle
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lunr.stemmer import porter_stemmer

from .. import urls
from ..config import Config, load_config
from ..loader import load_registry
from ..markdown import plain
from ..model import FailedAttempt, Plugin, Registry, Skill
from .cache import registry_fingerprint
from .tokenize import tokens

FIELD_WEIGHTS: dict[str, float] = {
    "name": 3.0,
    "tags": 2.5,
    "description": 2.0,
    "failures": 1.5,
    "troubleshooting": 1.0,
    "overview": 1.0,
    "body": 0.4,
}
"""How much a match in each field counts: a skill is about what its name and description say."""
FIELD_LABELS = {
    "name": "name",
    "tags": "tags",
    "description": "description",
    "failures": "failed attempts",
    "troubleshooting": "troubleshooting",
    "overview": "overview",
    "body": "body",
}
K1 = 1.2
B = 0.6
CONCEPT_WEIGHT = 0.8
"""A concept hit counts a little less than the word itself: "OOM" in the query and "OOM" in the
skill match twice (word and concept); "out of memory" and "OOM" match once."""
FUZZY_WEIGHT = 0.5
INDEX_FORMAT = 2
"""Bump when the index or its terms change: cached indexes of another format are rebuilt."""
HYPER_LINES = 30
"""Lines of each hyperparameter block printed as text (JSON has them all)."""
MIN_RELATIVE_SCORE = 0.2
"""Results scoring under this fraction of the best are noise, not advice."""

PLAN_STOPWORDS = frozenset(
    """able again already another anyone anything around ask asked attempt attempts avoid
    because best better big bit came come coming currently doe done else etc even ever every
    exactly experiment experiments fine first get gets getting give go goes going good got
    happen happened happening help hi hit hitting idea ideas instead keep keeps kind know learned
    let like likely look looking lot lots make making many maybe mean might much need needs new
    next now often one ones people plan planning please pretty previous probably quite rather
    really right run running same say see seem seems set setting setup should since something
    somewhere start starting still stuff sure take team tell thing things think time tip tips
    tried try trying two use used using usual usually want wanted way ways week well went
    whether work worked working works would yet""".split()  # noqa: SIM905
)
"""Words of a plan that say nothing about its subject ("I'm about to try ...")."""

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
_MIXED_CASE_WORD = re.compile(
    r"\b(?=[A-Za-z]*[a-z])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Za-z]{2,7}\b"
)
_HYPER_HEADING = re.compile(r"hyper|param|config|settings|recipe", re.I)


@dataclass(frozen=True)
class Doc:
    """One skill as fields of terms, ready to score."""

    plugin: Plugin
    skill: Skill
    terms: dict[str, Counter[str]]
    """field -> term counts."""
    lengths: dict[str, int]


@dataclass(frozen=True)
class Advice:
    """One ranked skill and why."""

    plugin: Plugin
    skill: Skill
    score: float
    matched: dict[str, list[str]]
    """field label -> the query words that matched there."""
    failures: tuple[FailedAttempt, ...]
    """The Failed Attempts rows that share words with the query, else the first rows."""
    hyperparameters: tuple[str, ...]
    """Code blocks under the skill's Hyperparameters / Parameters / Config headings."""

    def why(self) -> list[tuple[str, list[str]]]:
        """(field, words) with each word under the strongest field it matched in."""
        seen: set[str] = set()
        out = []
        for label, words in self.matched.items():
            new = [w for w in words if w not in seen]
            seen.update(new)
            if new:
                out.append((label, new))
        return out

    def to_json(self, config: Config) -> dict[str, object]:
        return {
            "skill": self.skill.name,
            "plugin": self.plugin.name,
            "category": self.plugin.category,
            "score": round(self.score, 3),
            "description": self.skill.description or self.plugin.description,
            "url": urls.absolute(config, urls.skill_page(self.skill.name)),
            "markdown": urls.absolute(config, urls.skill_markdown(self.skill.name)),
            "matched": self.matched,
            "failures": [
                {
                    "attempt": plain(f.attempt),
                    "why": plain(f.why),
                    "lesson": plain(f.lesson),
                    "source": str(f.source),
                }
                for f in self.failures
            ],
            "hyperparameters": list(self.hyperparameters),
        }


@dataclass
class Index:
    """Every skill of a registry, tokenised once."""

    docs: list[Doc]
    df: Counter[str] = field(default_factory=Counter)
    avg: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, registry: Registry) -> Index:
        docs = [_doc(plugin, skill) for plugin in registry for skill in plugin.skills]
        index = cls(docs)
        for doc in docs:
            index.df.update({t for counts in doc.terms.values() for t in counts})
        for name in FIELD_WEIGHTS:
            total = sum(doc.lengths.get(name, 0) for doc in docs)
            index.avg[name] = total / len(docs) if docs else 1.0
        return index

    @property
    def vocabulary(self) -> set[str]:
        return set(self.df)

    def idf(self, term: str) -> float:
        n, df = len(self.docs), self.df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


def advise(registry: Registry, query: str, limit: int = 5) -> list[Advice]:
    """The skills that best match `query`, best first (at most `limit`)."""
    return rank(Index.build(registry), query, limit)


def rank(index: Index, query: str, limit: int = 5) -> list[Advice]:
    """Score every skill of a built index against `query`."""
    weights, surface = query_terms(query, index.vocabulary)
    scored: list[tuple[float, Doc, dict[str, list[str]]]] = []
    for doc in index.docs:
        score, matched = _score(index, doc, weights, surface)
        if score > 0:
            scored.append((score, doc, matched))
    scored.sort(key=lambda s: (-s[0], s[1].skill.name))
    if not scored:
        return []
    floor = scored[0][0] * MIN_RELATIVE_SCORE
    out = []
    for score, doc, matched in scored[:limit]:
        if score < floor:
            break
        failures = relevant_failures(doc.skill, set(weights))
        out.append(
            Advice(doc.plugin, doc.skill, score, matched, failures, hyperparameters(doc.skill))
        )
    return out


def query_terms(query: str, vocabulary: set[str]) -> tuple[dict[str, float], dict[str, str]]:
    """Query term -> weight, and term -> the word the user wrote (for "why it matched")."""
    weights: dict[str, float] = {}
    surface: dict[str, str] = {}
    for word, term in _word_terms(query):
        if word in PLAN_STOPWORDS or term in PLAN_STOPWORDS:
            continue
        weights[term] = max(weights.get(term, 0.0), 1.0)
        surface.setdefault(term, word)
        if term not in vocabulary:
            for near in _near(term, frozenset(vocabulary)):
                weights[near] = max(weights.get(near, 0.0), FUZZY_WEIGHT)
                surface.setdefault(near, f"{word}~{near}")
    pairs = _word_terms(query)
    for (first, _), (second, _) in itertools.pairwise(pairs):
        joined = _stem(first + second)  # "data loader" meets "dataloader"
        if first.isalpha() and second.isalpha() and joined in vocabulary:
            weights.setdefault(joined, 1.0)
            surface.setdefault(joined, f"{first} {second}")
    for concept, words in concepts(query).items():
        key = "~" + concept
        weights[key] = CONCEPT_WEIGHT
        label = concept.replace("_", " ")
        surface[key] = words if words in (label, concept) else f"{words} (~{label})"
    return weights, surface


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


def terms(text: str) -> list[str]:
    """Index terms of `text`: stemmed words and code tokens, plus `~concept` terms."""
    found = [term for _, term in _word_terms(text)]
    return found + ["~" + c for c in concepts(text)]


def _word_terms(text: str) -> list[tuple[str, str]]:
    """(token, stemmed term) pairs.

    Short mixed-case words are lowercased first so "LoRA", "NaNs", "GPUs", "vLLM" stay whole
    instead of splitting like camelCase identifiers (`OutOfMemoryError` still splits).
    """
    text = _MIXED_CASE_WORD.sub(lambda m: m.group(0).lower(), text)
    out = []
    for token in tokens(text):
        out.append((token, _stem(token)))
        if "_" in token and token.count("_") <= 2:  # "fine-tuning" also as "finetuning"
            joined = token.replace("_", "")
            if joined.isalpha():
                out.append((token, _stem(joined)))
    return out


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    if token.isalpha() and len(token) > 3:
        stemmed: str = porter_stemmer.stem(token)
        return stemmed
    return token


def _near(term: str, vocabulary: frozenset[str]) -> list[str]:
    """Registry terms one edit away (two for long words), or that extend the term."""
    if len(term) < 4 or not term.isalpha():
        return []
    budget = 1 if len(term) < 8 else 2
    found = []
    for other in vocabulary:
        if other[0] != term[0] or abs(len(other) - len(term)) > budget or not other.isalpha():
            if not (len(term) >= 5 and other.startswith(term) and other.isalpha()):
                continue
            found.append(other)
            continue
        if _edits(term, other, budget) <= budget:
            found.append(other)
    return sorted(found)[:5]


def _edits(a: str, b: str, budget: int) -> int:
    """Levenshtein distance, giving up past `budget`."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > budget:
            return budget + 1
        previous = current
    return previous[-1]


def _score(
    index: Index, doc: Doc, weights: dict[str, float], surface: dict[str, str]
) -> tuple[float, dict[str, list[str]]]:
    """BM25F: per-field term counts, length-normalised and weighted, then saturated once."""
    score = 0.0
    matched: dict[str, list[str]] = {}
    for term, q_weight in weights.items():
        tf = 0.0
        for name in FIELD_WEIGHTS:  # field order: "why" lists the strongest field first
            counts = doc.terms[name]
            count = counts.get(term, 0)
            if not count:
                continue
            norm = 1 - B + B * doc.lengths[name] / max(index.avg[name], 1.0)
            tf += FIELD_WEIGHTS[name] * count / norm
            label = FIELD_LABELS[name]
            if surface[term] not in matched.setdefault(label, []):
                matched[label].append(surface[term])
        if tf:
            score += q_weight * index.idf(term) * tf * (K1 + 1) / (tf + K1)
    order = [FIELD_LABELS[name] for name in FIELD_WEIGHTS]
    return score, {label: matched[label] for label in order if label in matched}


def _doc(plugin: Plugin, skill: Skill) -> Doc:
    fields = skill_fields(plugin, skill)
    counted = {name: Counter(terms(text)) for name, text in fields.items()}
    lengths = {name: sum(c.values()) for name, c in counted.items()}
    return Doc(plugin, skill, counted, lengths)


def skill_fields(plugin: Plugin, skill: Skill) -> dict[str, str]:
    """The text of each field a skill is searched by."""
    description = skill.description
    if plugin.description and plugin.description != description:
        description += "\n" + plugin.description
    failures = "\n".join(f"{r.attempt}\n{r.why}\n{r.lesson}" for r in skill.failed_attempts)
    entries = [e for e in plugin.all_troubleshooting if e.source.path.startswith(plugin.path)]
    trouble = "\n".join(
        "\n".join((e.title, *e.errors, e.symptom, e.cause)) for e in entries
    )  # fixes are mostly code: the body field has them
    overview = "\n".join(
        [skill.title, *(d for _, d in skill.overview), *(s.title for s in skill.sections)]
    )
    logs = "\n".join(r.text for r in plugin.references if "troubleshooting" not in r.path)
    return {
        "name": f"{skill.name} {plugin.name if plugin.name != skill.name else ''}",
        "tags": " ".join((*plugin.tags, plugin.category)),
        "description": description,
        "failures": failures,
        "troubleshooting": trouble,
        "overview": overview,
        "body": f"{skill.body}\n{logs}",
    }


def relevant_failures(skill: Skill, query: set[str], limit: int = 3) -> tuple[FailedAttempt, ...]:
    """Rows sharing the most terms with the query; the first rows when none do."""
    rows = skill.failed_attempts
    scored = []
    for i, row in enumerate(rows):
        overlap = len(set(terms(f"{row.attempt} {row.why} {row.lesson}")) & query)
        scored.append((-overlap, i, row))
    scored.sort(key=lambda s: (s[0], s[1]))
    hits = [row for overlap, _, row in scored if overlap < 0]
    return tuple(hits[:limit] or rows[: min(limit, 2)])


def hyperparameters(skill: Skill) -> tuple[str, ...]:
    """Code blocks under Hyperparameters / Parameters / Config headings (and their children)."""
    document = skill.markdown
    blocks: list[str] = []
    inside = 0
    for section in document.sections:
        if not section.level:
            continue
        if inside and section.level <= inside:
            inside = 0
        if not inside and section.level >= 2 and _HYPER_HEADING.search(section.title):
            inside = section.level
        if inside:
            blocks.extend(b.text for b in document.code_blocks_in(section) if b.text.strip())
    return tuple(blocks)


def advise_report(root: Path, query: str, limit: int = 5, as_json: bool = False) -> str:
    """What `site-gen advise` prints: text for people and agents, or JSON."""
    results = rank(cached_index(root), query, limit)
    config = load_config(root)
    if as_json:
        return json.dumps([a.to_json(config) for a in results], indent=2, ensure_ascii=False) + "\n"
    return format_advice(results, config, query)


def cached_index(root: Path) -> Index:
    """The index for `root`, pickled under `.cache/advise/` by a hash of every plugin file.

    Loading and tokenising is most of a cold run (about 30 s at 1,000 generated skills);
    the pickle is only ever written and read by this function in the user's own tree.
    """
    key = hashlib.sha256(f"{INDEX_FORMAT}\0{registry_fingerprint(root)}".encode()).hexdigest()
    path = root / ".cache" / "advise" / f"{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
        index = pickle.loads(path.read_bytes())
        if isinstance(index, Index):
            return index
    index = Index.build(load_registry(root).registry)
    with contextlib.suppress(OSError):  # a read-only tree just skips caching
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    return index


def format_advice(results: list[Advice], config: Config, query: str) -> str:
    """Per skill: why it matched, relevant Failed Attempts, hyperparameters, URL."""
    if not results:
        return (
            f"No skill matches {query!r}. Nothing recorded yet: after the experiment, "
            "save what you learn with /retrospective.\n"
        )
    out: list[str] = []
    for rank_no, item in enumerate(results, 1):
        skill = item.skill
        out.append(f"{rank_no}. {skill.name}  [{item.plugin.category}]  score {item.score:.2f}")
        description = plain(skill.description or item.plugin.description)
        out.append(textwrap.fill(description, 96, initial_indent="   ", subsequent_indent="   "))
        why = "; ".join(f"{label}: {', '.join(words)}" for label, words in item.why())
        out.append(
            textwrap.fill(f"why: {why}", 96, initial_indent="   ", subsequent_indent="     ")
        )
        if item.failures:
            out.append("   Failed attempts:")
            for row in item.failures:
                text = f"- {plain(row.attempt)} -> {plain(row.why)}"
                if row.lesson:
                    text += f" => {plain(row.lesson)}"
                out.append(
                    textwrap.fill(text, 96, initial_indent="     ", subsequent_indent="       ")
                )
        if item.hyperparameters:
            out.append("   Hyperparameters:")
            for block in item.hyperparameters:
                lines = block.splitlines()
                shown = lines[:HYPER_LINES]
                out.extend("     " + line for line in shown)
                if len(lines) > len(shown):
                    out.append(f"     ... ({len(lines) - len(shown)} more lines in the skill)")
        out.append(f"   {urls.absolute(config, urls.skill_page(skill.name))}")
        out.append(f"   Markdown: {urls.absolute(config, urls.skill_markdown(skill.name))}")
        out.append("")
    return "\n".join(out)
