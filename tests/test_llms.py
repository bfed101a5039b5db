"""llms.txt, per-category digests, llms-full.txt and the well-known index with each skill's
SKILL.md and references: the one copy of the text that llms.txt links to."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from llms_txt import parse_llms_file

from benchmarks.generate import generate_registry
from site_gen.config import Config
from site_gen.emit import site_files
from site_gen.emit.llms import BUDGET, llms_files, llms_full_files
from site_gen.emit.skill_markdown import render_skill_markdown
from site_gen.emit.well_known import well_known_files
from site_gen.loader import load_registry
from site_gen.model import Registry
from tests.conftest import REPO, MakeRegistry, plugin_files

CONFIG = Config(site_url="https://team.example.org/registry")


def _links(files: dict[str, str], path: str) -> list[str]:
    """Every link URL of one llms.txt-format file, read by the reference parser."""
    parsed = parse_llms_file(files[path])
    return [link["url"] for links in parsed.sections.values() for link in links]


def _site_path(url: str) -> str:
    assert url.startswith(CONFIG.site), url
    return url.removeprefix(CONFIG.site)


def _two_category_registry(make_registry: MakeRegistry) -> Registry:
    files = plugin_files("lora-fp16-nan", "training") | plugin_files("colbert-fde", "retrieval")
    files["plugins/training/lora-fp16-nan/scripts/train.py"] = "print('train')\n"
    return load_registry(make_registry(files)).registry


def test_llms_txt_follows_the_format_and_every_link_is_a_built_file(
    make_registry: MakeRegistry,
) -> None:
    files = site_files(_two_category_registry(make_registry), CONFIG)
    parsed = parse_llms_file(files["llms.txt"])
    assert parsed.title == "skills-registry"
    assert parsed.summary.endswith("2 skills in 2 categories.")
    assert "site-gen advise" in parsed.info
    assert list(parsed.sections) == ["retrieval", "training"]
    line = parsed.sections["training"][0]
    assert line["title"] == "lora-fp16-nan"
    assert line["url"] == (
        "https://team.example.org/registry/.well-known/skills/lora-fp16-nan/SKILL.md"
    )
    assert line["desc"] == (
        "LoRA fine-tuning in fp16 without NaN losses. Top failure: fp16 with lr 3e-4 -> "
        "Loss became nan at step 300"
    )
    assert "###" not in files["llms.txt"]
    for url in _links(files, "llms.txt"):
        assert _site_path(url) in files


def test_the_site_holds_each_skill_text_once(make_registry: MakeRegistry) -> None:
    files = site_files(_two_category_registry(make_registry), CONFIG)
    assert not [p for p in files if p.startswith("skills/") or p.startswith("llms-full/")]
    line = "learning_rate: 1e-4"  # the hyperparameters of both skills' SKILL.md, nowhere else
    holding = sorted(p for p, text in files.items() if isinstance(text, str) and line in text)
    assert holding == [
        ".well-known/skills/colbert-fde/SKILL.md",
        ".well-known/skills/lora-fp16-nan/SKILL.md",
        "llms-full.txt",  # a registry this small still gets everything in one file
    ]


def test_skill_markdown_keeps_front_matter_and_adds_references_and_scripts(
    make_registry: MakeRegistry,
) -> None:
    registry = _two_category_registry(make_registry)
    plugin = registry.find("lora-fp16-nan")
    assert plugin is not None
    text = render_skill_markdown(plugin, plugin.skills[0], CONFIG)
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == registry.find("lora-fp16-nan").skills[0].front_matter  # type: ignore[union-attr]
    assert text.index("## Failed Attempts") < text.index("## `references/troubleshooting.md`")
    assert "### `ValueError: Attempting to unscale FP16 gradients.`" in text  # demoted heading
    assert "- [`scripts/train.py`](https://github.com/your-org/skills-registry/tree/main/" in text
    assert "](../../" not in text  # relative links point at the source repository
    assert text.count("\n# ") == 1


def test_llms_full_holds_every_skill(make_registry: MakeRegistry) -> None:
    registry = _two_category_registry(make_registry)
    full = site_files(registry, CONFIG)["llms-full.txt"]
    assert isinstance(full, str) and full.startswith("# skills-registry\n\n> ")
    for plugin in registry:
        assert render_skill_markdown(plugin, plugin.skills[0], CONFIG).strip() in full


def test_llms_full_past_its_budget_points_to_llms_txt(make_registry: MakeRegistry) -> None:
    registry = _two_category_registry(make_registry)
    whole = llms_full_files(registry, CONFIG)["llms-full.txt"]
    files = llms_full_files(registry, CONFIG, budget=len(whole.encode()) - 1)
    assert list(files) == ["llms-full.txt"]
    pointer = parse_llms_file(files["llms-full.txt"])
    assert pointer.title == "skills-registry" and pointer.summary.endswith("2 categories.")
    links = [link["url"] for links in pointer.sections.values() for link in links]
    assert links == [CONFIG.site + "llms.txt"]
    assert "Loss became nan" not in files["llms-full.txt"]


def test_well_known_index_matches_the_discovery_spec(make_registry: MakeRegistry) -> None:
    files = site_files(_two_category_registry(make_registry), CONFIG)
    index = json.loads(files[".well-known/skills/index.json"])
    assert [e["name"] for e in index["skills"]] == ["colbert-fde", "lora-fp16-nan"]
    for entry in index["skills"]:
        assert set(entry) == {"name", "description", "files"}
        assert re.fullmatch(r"[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?", entry["name"])
        assert 0 < len(entry["description"]) <= 1024
        assert entry["files"][0] == "SKILL.md"
        for rel in entry["files"]:
            assert not rel.startswith("/") and ".." not in rel and "\\" not in rel
            assert f".well-known/skills/{entry['name']}/{rel}" in files
        skill_md = files[f".well-known/skills/{entry['name']}/SKILL.md"]
        front = yaml.safe_load(skill_md.split("---\n")[1])
        assert front["name"] == entry["name"] and front["description"] == entry["description"]
    lora = files[".well-known/skills/lora-fp16-nan/SKILL.md"]
    assert "](references/troubleshooting.md)" in lora  # was ../../references/
    assert ".well-known/skills/lora-fp16-nan/references/troubleshooting.md" in files


def test_past_the_budget_llms_txt_lists_category_digests(make_registry: MakeRegistry) -> None:
    registry = _two_category_registry(make_registry)
    budget = len(llms_files(registry, CONFIG)["llms.txt"].encode()) - 1
    files = llms_files(registry, CONFIG, budget=budget)
    assert sorted(files) == ["llms-full.txt", "llms.txt", "llms/retrieval.txt", "llms/training.txt"]
    assert list(parse_llms_file(files["llms.txt"]).sections) == ["Categories"]
    assert [_site_path(u) for u in _links(files, "llms.txt")] == [
        "llms/retrieval.txt",
        "llms/training.txt",
    ]
    digest = parse_llms_file(files["llms/training.txt"])
    assert digest.sections["training"][0]["title"] == "lora-fp16-nan"
    for path, text in files.items():
        if path != "llms-full.txt":
            assert len(text.encode()) <= budget, path


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The skill Markdown and digests of 3,000 generated skills (the slow part is loading)."""
    root = tmp_path_factory.mktemp("registry-3000")
    generate_registry(root, 3000, seed=0)
    registry = load_registry(root).registry
    return well_known_files(registry, CONFIG) | llms_files(registry, CONFIG)


def test_3000_skills_stay_within_budget_and_every_link_resolves(
    large_site: dict[str, str],
) -> None:
    digests = [p for p in large_site if p == "llms.txt" or p.startswith("llms/")]
    assert len(digests) > 1
    listed = []
    for path in digests:
        assert len(large_site[path].encode()) <= BUDGET, path
        parsed = parse_llms_file(large_site[path])
        assert parsed.title and parsed.summary
        for url in _links(large_site, path):
            assert _site_path(url) in large_site, url
            listed.append(_site_path(url))
    skills = [p for p in listed if p.startswith(".well-known/skills/")]
    assert len(skills) == len(set(skills)) == 3000
    assert {p for p in listed if p.startswith("llms/")} == set(digests) - {"llms.txt"}


def test_the_starter_registry_fits_in_one_digest() -> None:
    files = site_files(load_registry(REPO).registry, CONFIG)
    assert not any(p.startswith("llms/") for p in files)
    for url in _links(files, "llms.txt"):
        assert _site_path(url) in files


def test_emitted_files_are_deterministic(make_registry: MakeRegistry) -> None:
    first = site_files(_two_category_registry(make_registry), CONFIG)
    second = site_files(_two_category_registry(make_registry), CONFIG)
    assert first == second
    assert all(text.endswith("\n") for text in first.values() if isinstance(text, str))
