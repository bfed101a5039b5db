"""The failure hook's gate in a small registry: idf calls ordinary words distinctive there,
so an entry must also be shown by the output (`hook_gate.shown_share`), whichever of its
quoted errors that is (`also`), and an exception's name alone singles out no entry.

Registries are written to disk and loaded as `site-gen` loads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import MakeRegistry
from hypothesis import given
from hypothesis import strategies as st
from test_hook_gate import _index, _skill

from site_gen.loader import load_registry
from site_gen.search import hook_gate, hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

WRAPPER = (
    "datasets.exceptions.DatasetGenerationError: An error occurred while generating the dataset"
)
CAUSE = (
    "pyarrow.lib.ArrowInvalid: JSON parse error: Column(/messages/[]/content) changed from "
    "string to array in row 0"
)
FRAMES = """Traceback (most recent call last):
  File "/home/dev/train.py", line 9, in <module>
    ds = load_dataset("json", data_files="chats.jsonl")
  File "/opt/venv/lib/python3.11/site-packages/datasets/builder.py", line 1870, in _prepare_split
    for _, table in generator:
  File "/opt/venv/lib/python3.11/site-packages/datasets/packaged_modules/json/json.py", line 160
    pa_table = paj.read_json(io.BytesIO(batch), read_options=paj.ReadOptions(block_size=bs))
  File "pyarrow/_json.pyx", line 308, in pyarrow._json.read_json
  File "pyarrow/error.pxi", line 92, in pyarrow.lib.check_status
"""


def _datasets_skill() -> dict[str, str]:
    """A skill whose entry is headed by the wrapper error and quotes its cause in the symptom,
    as real troubleshooting notes do."""
    files = _skill("hf-datasets-json", "2025-10-01", WRAPPER)
    path = next(p for p in files if p.endswith("troubleshooting.md"))
    files[path] = (
        f"# Troubleshooting\n\n## `{WRAPPER}`\n\n**Symptom:** `load_dataset` fails part-way; the "
        f"cause above it is `{CAUSE}`.\n\n**Cause:** Some records store `content` as a string "
        "and others as a list of parts; Arrow infers one schema per column.\n\n"
        "**Fix:** Normalize the field before loading, or pass explicit `features=`.\n"
    )
    return files


def _skills(index: dict[str, Any], output: str) -> list[str]:
    return [m.doc["skill"] for m in confident_entries(index, output)]


def test_an_entry_s_second_quoted_error_brings_it_and_look_alikes_do_not(
    make_registry: MakeRegistry,
) -> None:
    index = _index(make_registry, _datasets_skill())
    doc = next(d for d in index["docs"] if d["skill"] == "hf-datasets-json")
    assert doc["error"] == WRAPPER and CAUSE in doc["also"]
    cause = CAUSE.replace("/messages/[]/content", "/turns/[]/text").replace("row 0", "row 4711")
    assert _skills(index, f"Exit code 1\n{FRAMES}{cause}") == ["hf-datasets-json"]
    # pyarrow errors nobody quoted share the library's name and words with the entry
    for uncovered in (
        "pyarrow.lib.ArrowInvalid: Column 1 named answer expected length 3 but got length 2",
        "pyarrow.lib.ArrowInvalid: Not an Arrow file",
        "pyarrow.lib.ArrowInvalid: Failed to parse string: 'y' as a scalar of type int64",
        "ValueError: Column to remove ['content'] not in the dataset. Current columns in the "
        "dataset: ['text']",
    ):
        assert _skills(index, f"Exit code 1\n{FRAMES}{uncovered}") == [], uncovered


def test_a_heading_in_plain_words_is_no_quote(make_registry: MakeRegistry) -> None:
    files = _skill("rowan-errors", "2025-01-01", "unused")
    path = next(p for p in files if p.endswith("troubleshooting.md"))
    files[path] = (
        "# Troubleshooting\n\n## Common errors and solutions\n\n"
        "**Fix:** Validate SMILES with RDKit before submitting.\n\n"
        "## `ValueError: Invalid SMILES string`\n\n**Fix:** Canonicalize it first.\n"
    )
    index = build_index(load_registry(Path(make_registry(files))).registry)
    docs = {d["entry"]: d for d in index["docs"] if d["skill"] == "rowan-errors"}
    assert docs["Common errors and solutions"].get("unquoted") is True
    assert "unquoted" not in docs["ValueError: Invalid SMILES string"]


_WORDS = st.sampled_from(
    ["checkpoint", "shard", "tokenizer", "optimizer", "gradient", "scheduler", "collator"]
)
_VALUE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=12)


@given(st.lists(_WORDS, min_size=3, max_size=7, unique=True), _VALUE, _VALUE)
def test_an_entry_s_line_with_other_values_and_paths_is_wholly_shown(
    words: list[str], value: str, other: str
) -> None:
    quoted = f"RuntimeError: {' '.join(words)} '{value}' at /data/{value}/x.bin"
    printed = f"RuntimeError: {' '.join(words)} '{other}' at /scratch/{other}/y.bin"
    doc = {"error": quoted, "skill": "s"}
    query = hook_text.queries(f"Exit code 1\n{printed}")[0]
    assert hook_gate.shown_share(doc, query) == 1.0
    fewer = f"RuntimeError: {words[0]} '{other}' failed"
    half = hook_gate.shown_share(doc, hook_text.queries(f"Exit code 1\n{fewer}")[0])
    assert half == 1 / len(words) < hook_gate.MIN_SHOWN
