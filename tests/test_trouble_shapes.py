"""Troubleshooting as public skills write it, read through the real loader from skill folders
laid out as `site-gen import` writes them (references beside SKILL.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from site_gen.loader import load_registry
from site_gen.model import TroubleshootingEntry
from site_gen.parse_troubleshooting import parse_troubleshooting_file
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import MIN_MARGIN, confident_entries
from site_gen.search.lookup import lookup
from tests.conftest import GOOD_TROUBLESHOOTING, REPO, MakeRegistry, plugin_files

FRONT = (
    '---\nname: {name}\ndescription: "Molecule toolkit: parsing, descriptors, fingerprints"\n---\n'
)
SKILL_BODY = """
# Chem

Use the toolkit.

## Common Issues

- **"ModuleNotFoundError: No module named 'rdkit'"**: install it with `pip install rdkit`.
- **Sanitization fails on aromatic rings**: kekulize first.
  Call `Chem.Kekulize(mol)` before writing.
- **`ValueError: Explicit valence for atom # 3 N, 4, is greater than permitted`**: the
  input has a charged nitrogen without its charge.

## Troubleshooting

### Slow fingerprint similarity search

Searching a million molecules one by one takes minutes.

Use `BulkTanimotoSimilarity` over the whole list.

### Useful Resources

- **Docs**: https://www.rdkit.org/docs/

## Error Handling

| Error | Cause | Solution |
|-------|-------|----------|
| `KekulizeException: Can't kekulize mol` | Broken aromaticity in the SMILES | Fix the SMILES or parse with `sanitize=False` |
"""
REFERENCE = """# Conformers

## Known Issues

**Problem:** Embedding hangs on macrocycles
**Cause:** The distance-geometry step retries without a limit.
**Solution:** Pass `maxAttempts=50` to `EmbedMolecule`.

**Problem:** `RuntimeError: Bad Conformer Id` from `GetConformer`
**Solution:** Check `mol.GetNumConformers()` first.
"""


def chem_files(name: str = "chem-toolkit", body: str = SKILL_BODY) -> dict[str, str]:
    base = f"plugins/science/{name}"
    manifest = {
        "name": name,
        "version": "1.0.0",
        "description": "Molecule toolkit",
        "author": {"name": "A Chemist"},
        "skills": "./skills",
    }
    return {
        f"{base}/.claude-plugin/plugin.json": json.dumps(manifest) + "\n",
        f"{base}/skills/{name}/SKILL.md": FRONT.format(name=name) + body,
        f"{base}/skills/{name}/references/conformers.md": REFERENCE,
    }


def entries_of(root: Path) -> dict[str, TroubleshootingEntry]:
    [plugin] = [p for p in load_registry(root).registry if p.category == "science"]
    return {entry.title: entry for entry in plugin.all_troubleshooting}


def test_bold_bullets_quote_their_error_or_are_title_only(make_registry: MakeRegistry) -> None:
    entries = entries_of(make_registry(chem_files()))
    quoted = entries["\"ModuleNotFoundError: No module named 'rdkit'\""]
    assert quoted.errors == ("ModuleNotFoundError: No module named 'rdkit'",)
    assert quoted.fix == "install it with `pip install rdkit`."
    assert not quoted.title_only
    valence = entries["`ValueError: Explicit valence for atom # 3 N, 4, is greater than permitted`"]
    assert valence.errors[0].startswith("ValueError: Explicit valence")
    symptom = entries["Sanitization fails on aromatic rings"]
    assert symptom.errors == () and symptom.title_only
    assert "Chem.Kekulize(mol)" in symptom.fix
    assert symptom.source.path.endswith("skills/chem-toolkit/SKILL.md")


def test_symptom_heading_is_an_entry_and_advice_headings_are_not(
    make_registry: MakeRegistry,
) -> None:
    entries = entries_of(make_registry(chem_files()))
    slow = entries["Slow fingerprint similarity search"]
    assert slow.title_only and slow.errors == ()
    assert slow.symptom == "Searching a million molecules one by one takes minutes."
    assert "BulkTanimotoSimilarity" in slow.fix
    assert "Useful Resources" not in entries and "Docs" not in entries


def test_error_table_under_error_handling(make_registry: MakeRegistry) -> None:
    entries = entries_of(make_registry(chem_files()))
    row = entries["`KekulizeException: Can't kekulize mol`"]
    assert row.errors == ("KekulizeException: Can't kekulize mol",)
    assert row.cause == "Broken aromaticity in the SMILES"


def test_problem_solution_paragraphs_in_a_skill_reference(make_registry: MakeRegistry) -> None:
    entries = entries_of(make_registry(chem_files()))
    hang = entries["Embedding hangs on macrocycles"]
    assert hang.cause == "The distance-geometry step retries without a limit."
    assert hang.fix == "Pass `maxAttempts=50` to `EmbedMolecule`."
    assert hang.title_only
    assert hang.source.path.endswith("skills/chem-toolkit/references/conformers.md")
    assert hang.source.line == 5
    bad_id = entries["`RuntimeError: Bad Conformer Id` from `GetConformer`"]
    assert bad_id.errors == ("RuntimeError: Bad Conformer Id",)
    assert bad_id.fix == "Check `mol.GetNumConformers()` first."


def test_template_entries_stay_as_the_template_parser_reads_them(
    make_registry: MakeRegistry,
) -> None:
    root = make_registry(plugin_files())
    [plugin] = load_registry(root).registry
    expected = parse_troubleshooting_file(GOOD_TROUBLESHOOTING, "x.md")
    got = [e for e in plugin.all_troubleshooting if e.source.path.endswith("troubleshooting.md")]
    assert [(e.title, e.errors, e.fix, e.cause) for e in got] == [
        (e.title, e.errors, e.fix, e.cause) for e in expected
    ]
    assert not any(e.title_only for e in got)


def test_lookup_finds_a_symptom_entry(make_registry: MakeRegistry) -> None:
    root = make_registry(chem_files())
    [best, *_] = lookup(root, "fingerprint similarity search is slow")
    assert best["entry"] == "Slow fingerprint similarity search"
    assert best["kind"] == "symptom"


def test_hook_names_a_quoted_error_never_a_title_only_one(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    output = (
        "Exit code 1\nTraceback (most recent call last):\n"
        '  File "score.py", line 3, in <module>\n    from rdkit import Chem\n'
        "ModuleNotFoundError: No module named 'rdkit'"
    )
    index = build_index(load_registry(make_registry(chem_files())).registry)
    [match] = confident_entries(index, output)
    assert match.doc["entry"] == "\"ModuleNotFoundError: No module named 'rdkit'\""
    # The same words as a bold title without quotes: findable, never injected.
    unquoted = SKILL_BODY.replace("\"ModuleNotFoundError: No module named 'rdkit'\"", "No rdkit")
    unquoted += "\n- **Tokenizer vocabulary mismatch on reload**: rebuild the vocabulary.\n"
    root = make_registry(chem_files(body=unquoted), tmp_path / "unquoted")
    index = build_index(load_registry(root).registry)
    tokenizer = "RuntimeError: tokenizer vocabulary mismatch on reload"
    assert lookup(root, tokenizer)[0]["entry"] == "Tokenizer vocabulary mismatch on reload"
    assert confident_entries(index, f"Exit code 1\n{tokenizer}") == []
    for doc in index["docs"]:  # type: ignore[attr-defined]
        doc["kind"] = "entry"  # what makes it silent: the same entry as if it quoted an error
    [named] = confident_entries(index, f"Exit code 1\n{tokenizer}")
    assert named.doc["entry"] == "Tokenizer vocabulary mismatch on reload"


def test_a_symptom_entry_tied_with_a_quoted_error_never_silences_it(
    make_registry: MakeRegistry,
) -> None:
    """Another skill's title-only bullet that repeats the error's words (so close to the
    entry quoting it that it would be a tie) is lookup's: the hook still gives the entry."""
    output = (
        "Exit code 1\nTraceback (most recent call last):\n"
        '  File "score.py", line 3, in <module>\n    from rdkit import Chem\n'
        "ModuleNotFoundError: No module named 'rdkit'"
    )
    echo = "\n# Notes\n\n## Common Issues\n\n- **ModuleNotFoundError: No module named rdkit**: x\n"
    root = make_registry({**chem_files(), **chem_files("rdkit-notes", echo)})
    index = build_index(load_registry(root).registry)
    first, second, *_ = lookup(root, output)
    assert (second["skill"], second["kind"]) == ("rdkit-notes", "symptom")
    assert second["score"] >= (1 - MIN_MARGIN) * first["score"]  # a tie, were it an entry
    [match] = confident_entries(index, output)
    assert match.doc["skill"] == "chem-toolkit"


_MARKDOWN_PIECES = st.sampled_from(
    [
        "### ",
        "#### `Error: x`\n",
        "- **",
        "**Problem:** ",
        "**Solution:** ",
        "**Cause:**",
        "| Error | Fix |\n|---|---|\n| ",
        "```\n",
        "`",
        '"',
        ":",
        "\n",
        "\n\n",
        "  - ",
        "1. **",
        "RuntimeError: boom",
        "__",
        "*",
    ]
)
_MARKDOWN = st.lists(st.one_of(_MARKDOWN_PIECES, st.text(max_size=12)), max_size=30).map("".join)


@given(section=_MARKDOWN)
def test_any_markdown_in_a_troubleshooting_section_loads(section: str) -> None:
    body = f"# Skill\n\n## Troubleshooting\n\n{section}\n\n## Common Issues\n\n{section}\n"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for rel, text in chem_files(body=body).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text.replace(REFERENCE, f"# R\n\n## Pitfalls\n{section}"))
        [plugin] = load_registry(root).registry
        for entry in plugin.all_troubleshooting:
            assert entry.errors or entry.title.strip(), entry
            assert all(error.strip() for error in entry.errors), entry
        build_index(load_registry(root).registry)


def test_the_clients_copies_index_the_shapes_alike_under_python_3_9(
    make_registry: MakeRegistry,
) -> None:
    """The client's `registry_build` copies under the oldest Python it promises build the
    same entries from these shapes as site_gen does here."""
    from tests.test_local_index import BUILD_WITH_COPIES, PYTHON39, SCRIPTS

    root = make_registry(chem_files())
    (root / "pyproject.toml").write_text(
        '[tool.site-gen]\nsite = "https://team.example.org/registry/"\n'
    )
    runs = []
    for python, copies in (
        (PYTHON39, REPO / SCRIPTS / "registry_build"),
        (sys.executable, REPO),
    ):
        args = [python, "-I", "-c", BUILD_WITH_COPIES, str(copies), str(root), "x"]
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout)["lookup"])
    ours, theirs = runs
    assert ours == theirs
    kinds = sorted(doc["kind"] for doc in ours["docs"])
    assert kinds == ["entry"] * 4 + ["symptom"] * 3
