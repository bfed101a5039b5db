"""`site-gen advise`: ranking on the dev set, jargon folding, and what the CLI prints."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from benchmarks.advise_dev import DEV_SET, dev_registry, evaluate, recall
from site_gen.cli import main
from site_gen.loader import load_registry
from site_gen.search.advise import advise
from site_gen.search.advise_index import hyperparameters
from site_gen.search.advise_rank import concepts, terms
from tests.conftest import MakeRegistry, plugin_files


def test_dev_set_recall_at_3_is_at_least_0_9() -> None:
    cases = yaml.safe_load(DEV_SET.read_text("utf-8"))
    assert len(cases) >= 30
    outcomes = evaluate(dev_registry(), cases)
    missed = [o.query for o in outcomes if not o.hit(3)]
    assert recall(outcomes, 3) >= 0.9, missed


def test_jargon_folds_both_ways() -> None:
    assert set(concepts("CUDA OOM on rank 3")) >= {"oom"}
    assert set(concepts("ran out of GPU memory")) >= {"oom"}
    assert set(concepts("lower the learning rate")) == set(concepts("lower the LR")) == {"lr"}
    assert "nan" in concepts("the loss diverges after warmup")
    assert "distributed" in concepts("DDP across 2 nodes")
    assert "precision" in concepts("switch to bf16") and "precision" in concepts("mixed precision")
    assert "~oom" in terms("torch.cuda.OutOfMemoryError")


def test_camel_case_words_stay_whole_and_compounds_join() -> None:
    found = terms("LoRA on 4 GPUs with NaNs; fine-tuning")
    assert {"lora", "gpu", "nan", "finetun"} <= set(found)
    assert "lo" not in found and "na" not in found


def _registry(make_registry: MakeRegistry):  # type: ignore[no-untyped-def]
    oom = plugin_files("zero3-offload", "distributed")
    skill = "plugins/distributed/zero3-offload/skills/zero3-offload/SKILL.md"
    oom[skill] = (
        oom[skill]
        .replace("LoRA fine-tuning in fp16 without NaN losses", "ZeRO-3 offload for 70B models")
        .replace(
            "When the loss turns NaN after a few hundred steps in fp16", "When saving runs OOM"
        )
        .replace("Loss became `nan` at step 300", "CUDA out of memory while saving")
    )
    return load_registry(make_registry(plugin_files() | oom)).registry


def test_synonyms_rank_the_right_skill_first(make_registry: MakeRegistry) -> None:
    registry = _registry(make_registry)
    assert advise(registry, "my job dies with OOM when it writes the checkpoint")[0].name == (
        "zero3-offload"
    )
    top = advise(registry, "adapter training goes not-a-number in half precision")[0]
    assert top.name == "lora-fp16-nan"
    assert top.failures[0]["attempt"] == "fp16 with lr 3e-4"


def test_misspelled_words_still_match(make_registry: MakeRegistry) -> None:
    registry = _registry(make_registry)
    assert advise(registry, "loss broke after a few hundered stpes")[0].name == "lora-fp16-nan"


def test_hyperparameters_come_from_the_hyperparameters_section(make_registry: MakeRegistry) -> None:
    skill = load_registry(make_registry(plugin_files())).registry.plugins[0].skills[0]
    assert hyperparameters(skill) == ("learning_rate: 1e-4\nlora_r: 16",)


def test_cli_json_lists_skills_best_first(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    result = CliRunner().invoke(main, ["advise", "--root", str(root), "--json", "fp16 NaN loss"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["skill"] for d in data] == ["lora-fp16-nan"]
    first = data[0]
    assert first["url"] == "https://your-org.github.io/skills-registry/skills/lora-fp16-nan/"
    assert first["description"].startswith("LoRA fine-tuning in fp16")
    assert first["score"] > 0
    assert first["failures"][0] == {
        "attempt": "fp16 with lr 3e-4",
        "why": "Loss became nan at step 300",
        "lesson": "Use bf16 or lr 1e-4",
        "source": "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md:24",
    }
    assert first["hyperparameters"] == ["learning_rate: 1e-4\nlora_r: 16"]


def test_cli_text_says_why_and_shows_failures_parameters_and_url(
    make_registry: MakeRegistry,
) -> None:
    root = make_registry(plugin_files())
    result = CliRunner().invoke(main, ["advise", "--root", str(root), "LoRA", "diverging"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("1. lora-fp16-nan  [training]  score ")
    assert any(line.startswith("   why: name: lora") for line in lines)
    assert "diverging (~nan)" in result.output
    assert "   Failed attempts:" in lines and "   Hyperparameters:" in lines
    assert "     learning_rate: 1e-4" in lines
    assert "   https://your-org.github.io/skills-registry/skills/lora-fp16-nan/" in lines


def test_cli_without_a_match_says_so(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    result = CliRunner().invoke(main, ["advise", "--root", str(root), "--json", "kubernetes"])
    assert result.exit_code == 0 and json.loads(result.output) == []
    result = CliRunner().invoke(main, ["advise", "--root", str(root), "kubernetes"])
    assert result.output.startswith("No skill matches 'kubernetes'.")


def test_cli_index_is_cached_and_rebuilt_when_a_skill_changes(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    args = ["advise", "--root", str(root), "--json", "zero3 offload"]
    assert json.loads(CliRunner().invoke(main, args).output) == []
    cached = list((root / ".cache" / "advise").glob("*.marshal"))
    assert len(cached) == 1
    skill = root / "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    skill.write_text(
        skill.read_text().replace("## Hyperparameters", "## Hyperparameters\n\nzero3 offload")
    )
    assert [d["skill"] for d in json.loads(CliRunner().invoke(main, args).output)] == [
        "lora-fp16-nan"
    ]
    assert list((root / ".cache" / "advise").glob("*.marshal")) != cached
