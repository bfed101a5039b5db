"""How another user's run prints an error a skill quotes: other numbers, paths and names.

A skill quotes the error its author saw; the next person hits it with another model, another
GPU, another data folder and other sizes. `vary` rewrites a quoted message that way, seeded:

- standalone numbers get another value of the same digit count, except codes that do not
  change between runs (`2-D`, `Errno 28`, `Error code: 400`, HTTP statuses, `exit status 1`, `at
  least 8.0`);
- absolute paths get another owner's folders, and a file stem in them another name (the
  same new name wherever the stem recurs in the message);
- names from `NAMES` (GPUs, model ids, LoRA module names, DeepSpeed ops) another of their kind.

`mask` is the comparison key the sets use: digits folded to `#`, spaces collapsed.
"""

from __future__ import annotations

import random
import re

_KEPT_BEFORE = re.compile(
    r"(Errno |Error code: |HTTP Error |HTTP/|exit status |exitcode: |at least |sm_|cuda:|"
    r"python|cpython-|NCCL version |x86_)-?$"
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w]|-[A-Za-z])")
_STATUS = re.compile(r"^ (Not Found|Bad Request|Forbidden|Unauthorized|Too Many)")
_PATH = re.compile(r"(?<![\w.])/(?:[\w.-]+/)+[\w.-]+")
_SYSTEM_PATHS = ("/usr/", "/opt/", "/proc/", "/dev/", "/etc/", "/bin/", "/lib")

NAMES: list[list[str]] = [
    ["Tesla T4", "Tesla V100-SXM2-16GB", "Quadro RTX 8000", "NVIDIA GeForce RTX 2080 Ti"],
    ["'q_proj', 'v_proj'", "'query', 'value'", "'c_attn', 'c_proj'", "'Wqkv', 'out_proj'"],
    ["cpu_adam", "fused_adam", "cpu_adagrad"],
    ["LogSoftmaxBackward0", "NativeLayerNormBackward0", "SoftmaxBackward0", "DivBackward0"],
    ["LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "GemmaForCausalLM"],
    ["meta-llama/Llama-2-7b-hf", "mistralai/Mistral-7B-v0.3", "Qwen/Qwen2.5-7B"],
]
OWNERS = [
    "/home/akhan/exp",
    "/mnt/nfs/projects/lm-eval",
    "/scratch/jdoe/runs",
    "/workspace/finetune",
    "/data/shared/team-nlp",
]
STEMS = ["pubmed_abstracts", "wiki_dump", "support_tickets", "code_corpus", "arxiv_2024"]


def mask(text: str) -> str:
    """Digits folded and whitespace collapsed: equal for two runs of one error."""
    return " ".join(re.sub(r"\d+", "#", text).split())


def _numbers(text: str, rng: random.Random) -> str:
    def other(found: re.Match[str]) -> str:
        before = text[max(0, found.start() - 16) : found.start()]
        if _KEPT_BEFORE.search(before) or _STATUS.match(text[found.end() :]):
            return found.group(0)
        parts = found.group(0).split(".")
        return ".".join(
            str(rng.randint(10 ** (len(p) - 1) if len(p) > 1 else 1, 10 ** len(p) - 1))
            for p in parts
        )

    return _NUMBER.sub(other, text)


def _paths(text: str, rng: random.Random) -> str:
    for path in sorted(set(_PATH.findall(text)), key=len, reverse=True):
        if path.startswith(_SYSTEM_PATHS) or path.startswith("../"):
            continue
        folder, _, name = path.rpartition("/")
        stem = name.split(".")[0]
        new_stem = rng.choice(STEMS)
        new_folder = rng.choice(OWNERS) + "/" + folder.rsplit("/", 1)[-1]
        text = text.replace(path, f"{new_folder}/{name}")
        if len(stem) > 3:
            text = re.sub(rf"\b{re.escape(stem)}\b", new_stem, text)
    return text


def vary(message: str, rng: random.Random) -> str:
    """`message` as another user's run prints it (see the module docstring)."""
    chosen: list[str] = []
    for kind in NAMES:  # held out of the number change: `Llama-2-7b` keeps its digits
        for name in kind:
            if name in message:
                message = message.replace(name, f"\x00{chr(65 + len(chosen))}\x00")
                chosen.append(rng.choice([n for n in kind if n != name]))
                break
    text = _numbers(_paths(message, rng), rng)
    for number, name in enumerate(chosen):
        text = text.replace(f"\x00{chr(65 + number)}\x00", name)
    return text
