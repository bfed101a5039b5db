#!/usr/bin/env python3
"""Patch an installed ms-swift so GRPO works against a standard `vllm serve` server.

Patch 0  (only if missing) add `vllm_skip_weight_sync: bool = False` next to
         `vllm_server_timeout` in the GRPO/rollout arguments dataclass.
Patch 1  swift/trainers/rlhf_trainer/rollout_mixin.py:
         return early from `_move_model_to_vllm` when `vllm_skip_weight_sync` is set
         (fixes 404 `/update_flattened_params/`).
Patch 2  swift/trainers/rlhf_trainer/vllm_client.py:
         parse OpenAI-format responses field by field (fixes `service_tier` TypeError
         and `'dict' object has no attribute 'message'`).

Idempotent (each edit carries a marker comment); writes `<file>.orig` before the first change.

    python patch_ms_swift.py            # apply
    python patch_ms_swift.py --check    # report only, exit 1 if something is unpatched
    python patch_ms_swift.py --swift-dir /path/to/site-packages/swift
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import sys
from pathlib import Path

MARKER = "[grpo-external-vllm-server patch]"

SKIP_GUARD = (
    "{indent}# {marker} standard `vllm serve` has no /update_flattened_params/ API\n"
    "{indent}if getattr(self.args, 'vllm_skip_weight_sync', False):\n"
    "{indent}    return\n"
)

PARSER_FUNC = f'''

# {MARKER} OpenAI-compatible servers (vllm serve) return extra keys such as
# `service_tier` and nested dicts; build ms-swift's dataclasses field by field.
def _parse_openai_chat_completion(item: dict):
    from dataclasses import fields
    from swift.llm.infer.protocol import (ChatCompletionResponse, ChatCompletionResponseChoice,
                                          ChatMessage, UsageInfo)

    def build(cls, data):
        names = {{f.name for f in fields(cls)}}
        return cls(**{{k: v for k, v in (data or {{}}).items() if k in names}})

    choices = []
    for choice in item.get('choices', []):
        choice = dict(choice)
        choice['message'] = build(ChatMessage, choice.get('message'))
        choices.append(build(ChatCompletionResponseChoice, choice))
    data = {{k: v for k, v in item.items() if k not in ('choices', 'usage')}}
    return build(ChatCompletionResponse, {{**data, 'choices': choices,
                                          'usage': build(UsageInfo, item.get('usage'))}})
'''


def find_swift_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    spec = importlib.util.find_spec("swift")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("ms-swift is not importable here; pass --swift-dir")
    return Path(list(spec.submodule_search_locations)[0])


def backup_and_write(path: Path, text: str) -> None:
    orig = path.with_suffix(path.suffix + ".orig")
    if not orig.exists():
        shutil.copy2(path, orig)
    path.write_text(text)


def patch_args(swift: Path, apply: bool) -> bool:
    sources = sorted(swift.rglob("*.py"))
    if any("vllm_skip_weight_sync" in p.read_text(errors="ignore") for p in sources
           if "rlhf_trainer" not in p.parts):
        print("patch 0: argument vllm_skip_weight_sync already defined")
        return True
    field_line = re.compile(r"^(\s*)vllm_server_timeout: float = [\d.]+\s*$", re.M)
    for path in sources:
        text = path.read_text(errors="ignore")
        match = field_line.search(text)
        if not match:
            continue
        if not apply:
            print(f"patch 0: MISSING (would add field in {path})")
            return False
        indent = match.group(1)
        insert = f"\n{indent}vllm_skip_weight_sync: bool = False  # {MARKER}"
        backup_and_write(path, text[: match.end()] + insert + text[match.end():])
        print(f"patch 0: added vllm_skip_weight_sync to {path}")
        return True
    print("patch 0: could not find `vllm_server_timeout` field; add "
          "`vllm_skip_weight_sync: bool = False` to the GRPO arguments by hand")
    return False


def patch_rollout_mixin(swift: Path, apply: bool) -> bool:
    path = swift / "trainers" / "rlhf_trainer" / "rollout_mixin.py"
    if not path.exists():
        print(f"patch 1: {path} not found (different ms-swift layout?)")
        return False
    text = path.read_text()
    if MARKER in text:
        print("patch 1: already applied")
        return True
    sig = re.search(r"^(\s*)def _move_model_to_vllm\(self[^)]*\)[^:]*:\s*\n", text, re.M)
    if not sig:
        print("patch 1: `def _move_model_to_vllm` not found")
        return False
    if not apply:
        print("patch 1: MISSING")
        return False
    body_indent = sig.group(1) + "    "
    pos = sig.end()
    doc = re.match(r'\s*("""|\'\'\')(.*?)\1\s*\n', text[pos:], re.S)
    if doc:
        pos += doc.end()
    guard = SKIP_GUARD.format(indent=body_indent, marker=MARKER)
    backup_and_write(path, text[:pos] + guard + text[pos:])
    print(f"patch 1: applied to {path}")
    return True


def patch_vllm_client(swift: Path, apply: bool) -> bool:
    path = swift / "trainers" / "rlhf_trainer" / "vllm_client.py"
    if not path.exists():
        print(f"patch 2: {path} not found (different ms-swift layout?)")
        return False
    text = path.read_text()
    if MARKER in text:
        print("patch 2: already applied")
        return True
    call = "ChatCompletionResponse(**item)"
    if call not in text:
        print(f"patch 2: `{call}` not found; patch the response parsing in {path} by hand")
        return False
    if not apply:
        print("patch 2: MISSING")
        return False
    text = text.replace(call, "_parse_openai_chat_completion(item)")
    backup_and_write(path, text.rstrip("\n") + "\n" + PARSER_FUNC)
    print(f"patch 2: applied to {path}")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--swift-dir", help="path of the installed `swift` package")
    parser.add_argument("--check", action="store_true", help="report only, change nothing")
    args = parser.parse_args()
    swift = find_swift_dir(args.swift_dir)
    print(f"ms-swift package: {swift}")
    apply = not args.check
    results = [patch_args(swift, apply), patch_rollout_mixin(swift, apply),
               patch_vllm_client(swift, apply)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
