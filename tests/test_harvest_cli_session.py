"""`site-gen harvest` on transcripts written by the real Claude Code CLI.

The scripted model on loopback only decides which tool to call; the CLI runs the commands for
real (a Python script that raises after 2,000 lines of log, a missing module, an Edit of the
config), writes its own transcript, and harvest must find every failure verbatim, pair it with
the success that followed, tell known errors (test registry) from new ones, and mask a token.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO, MakeRegistry, plugin_files

from site_gen.cli import main
from site_gen.harvest.harvest import harvest_file
from site_gen.harvest.transcript import encode_cwd
from site_gen.scaffold import new_plugin
from tests.scripted_model import ScriptedModel, Turn, bash, claude_env, say, tool
from tests.transcripts import bash_call, tool_result

CLAUDE = REPO / "node_modules/.bin/claude"
TOKEN = "hf_" + "gNSWPH8prVqsUeQCtDR3zzX6hqo35uwZqx"
"""A planted Hugging Face token: in a command, a config file and a log line."""
KNOWN = "ValueError: Attempting to unscale FP16 gradients."
"""The error of the test registry's lora-fp16-nan troubleshooting entry."""

LONG_LOG = "[print(f'step {i} loss 0.1 ' + 'x' * 40) for i in range(2000)]; exit('disk full')"
"""2,000 lines, then the error: more than the CLI keeps of a failed command's output."""
TRAIN = """\
import argparse, sys
parser = argparse.ArgumentParser()
parser.add_argument("--config")
parser.add_argument("--precision", default="fp32")
args = parser.parse_args()
lr = float(open(args.config).read().split("lr:")[1].split()[0])
for step in range(150):
    print(f"[rank0]: step {step} loss {1.0 / (step + 1):.4f} throughput 812 samples/s")
if args.precision == "fp16":
    raise ValueError("Attempting to unscale FP16 gradients.")
if lr > 1:
    raise RuntimeError(f"loss is nan at step 3 (lr={lr})")
print("final loss 0.0123")
"""


def script(work: Path) -> list[Turn]:
    run = "python3 train.py --config config.yaml --precision"
    return [
        bash("python3 --version"),
        tool(
            "Write", file_path=str(work / "config.yaml"), content=f"lr: 5.0\nhub_token: {TOKEN}\n"
        ),
        tool("Write", file_path=str(work / "train.py"), content=TRAIN),
        bash(f"HF_TOKEN={TOKEN} {run} fp16"),
        bash(f"{run} fp16 2>&1 | tail -n 3; exit ${{PIPESTATUS[0]}}"),
        bash(f"{run} bf16"),
        tool(
            "Edit", file_path=str(work / "config.yaml"), old_string="lr: 5.0", new_string="lr: 1e-4"
        ),
        bash(f"{run} bf16"),
        bash("python3 -c 'import harvest_missing_module'"),
        bash(f'python3 -c "{LONG_LOG}"'),
        say("done"),
    ]


def run_session(home: Path, work: Path, turns: list[Turn], *extra: str) -> dict[str, Any]:
    assert CLAUDE.exists(), "run `npm ci` (make test does) to install the pinned Claude Code CLI"
    with ScriptedModel(turns) as model:
        env = claude_env(home, model.url)
        out = subprocess.run(
            [
                str(CLAUDE),
                "-p",
                "train the model",
                *extra,
                "--allowedTools",
                "Bash,Write,Edit",
                "--output-format",
                "json",
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout)
    return result


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(HOME, work dir, transcript) of one real session."""
    home = tmp_path_factory.mktemp("home")
    work = tmp_path_factory.mktemp("work")
    result = run_session(home, work, script(work))
    transcript = home / ".claude/projects" / encode_cwd(str(work)) / f"{result['session_id']}.jsonl"
    assert transcript.is_file()
    return home, work, transcript


@pytest.fixture
def registry(make_registry: MakeRegistry) -> Path:
    return make_registry(plugin_files("lora-fp16-nan"))


def failed_results(transcript: Path) -> list[str]:
    """The text of every failed tool result, read straight from the transcript."""
    found = []
    for raw in transcript.read_text().splitlines():
        record = json.loads(raw)
        content = (record.get("message") or {}).get("content")
        for block in content if isinstance(content, list) else []:
            if block.get("type") == "tool_result" and block.get("is_error"):
                found.append(block["content"])
    return found


def harvest_json(registry: Path, *args: str, home: Path | None = None) -> dict[str, Any]:
    env = {"HOME": str(home)} if home else None
    out = CliRunner().invoke(main, ["harvest", "--root", str(registry), *args], env=env)
    assert out.exit_code == 0, out.output
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def test_every_failure_verbatim_paired_and_marked(
    session: tuple[Path, Path, Path], registry: Path
) -> None:
    home, work, transcript = session
    data = harvest_json(registry, "--latest", "--cwd", str(work), home=home)
    failures = {f["error"][-1]: f for f in data["failures"]}
    results = failed_results(transcript)
    assert len(results) == 5 and sum(f["count"] for f in data["failures"]) == 5
    for text in results[:-1]:  # each failure's last line, as the CLI recorded it, is harvested
        assert text.strip().splitlines()[-1] in failures
    cut = data["failures"][-1]  # the CLI kept only the start: harvest says so, invents nothing
    assert cut["output_cut_by_claude_code"] is True
    assert "disk full" not in results[-1] and "disk full" not in "".join(cut["error"])
    assert all(line in results[-1] for line in cut["error"])

    known = failures[KNOWN]
    assert known["status"] == "known" and known["count"] == 2
    assert known["known"]["skill"] == "lora-fp16-nan"
    assert known["known"]["entry"] == KNOWN
    url = known["known"]["url"]  # the page on the registry's site (pyproject's site_url)
    assert url.startswith("https://") and url.endswith(
        "/skills/lora-fp16-nan/#error-valueerror-attempting-to-unscale-fp16-gradients"
    )
    assert known["error"] == [KNOWN]  # the exception line of the whole log, not the log
    assert known["exit_code"] == 1
    assert known["fix"]["command"] == "python3 train.py --config config.yaml --precision bf16"
    assert known["fix"]["changed_flags"]["--precision"] == ["fp16", "bf16"]
    assert known["fix"]["edited_files"] == ["config.yaml"]

    nan = failures["RuntimeError: loss is nan at step 3 (lr=5.0)"]
    assert nan["status"] == "new" and nan["count"] == 1
    assert nan["fix"]["edited_files"] == ["config.yaml"]
    assert nan["fix"]["changed_flags"] == {}

    missing = failures["ModuleNotFoundError: No module named 'harvest_missing_module'"]
    assert missing["status"] == "new" and missing["fix"] is None
    assert data["related_skills"] == [{"skill": "lora-fp16-nan", "shared_errors": [KNOWN]}]


def test_environment_parameters_configs_scripts(
    session: tuple[Path, Path, Path], registry: Path
) -> None:
    _, work, transcript = session
    data = harvest_json(registry, str(transcript))
    version = subprocess.run(["python3", "--version"], capture_output=True, text=True, cwd=work)
    reports = data["environment"]["reports"]
    assert [(r["kind"], r["output"]) for r in reports] == [
        ("python --version", version.stdout.strip())
    ]
    (run,) = data["parameters"]
    assert run["flags"] == {"--config": "config.yaml", "--precision": "bf16"}
    (config,) = data["configs"]
    assert config["path"] == "config.yaml" and config["content"].startswith("lr: 1e-4\n")
    (train,) = data["scripts"]
    assert train["path"] == "train.py" and train["content"] == TRAIN
    assert data["session"]["goal"] == "train the model"


def test_planted_token_is_masked_everywhere(
    session: tuple[Path, Path, Path], registry: Path
) -> None:
    _, _, transcript = session
    assert TOKEN in transcript.read_text()  # the transcript has it: harvest must not copy it
    for fmt in ("json", "markdown"):
        out = CliRunner().invoke(
            main, ["harvest", "--root", str(registry), str(transcript), "--format", fmt]
        )
        assert out.exit_code == 0
        assert TOKEN not in out.output and TOKEN[:8] not in out.output
        assert "hf_g…(37 chars)" in out.output


def test_unknown_lines_garbage_and_sidechains(
    session: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, _, transcript = session
    plain = harvest_file(transcript)
    noisy = tmp_path / "noisy.jsonl"
    extra = [
        json.dumps({"type": "hyperdrive-state", "uuid": "x", "message": {"content": []}}),
        "{not json",
        bash_call("side_t1", "python3 probe.py", isSidechain=True),
        tool_result(
            "side_t1",
            "Exit code 2\nOSError: [Errno 28] No space left on device",
            True,
            isSidechain=True,
        ),
    ]
    noisy.write_text(transcript.read_text() + "\n".join(extra) + "\n")
    data = harvest_file(noisy)
    assert data["session"]["unknown_line_types"] == {"hyperdrive-state": 1}
    assert data["session"]["skipped_lines"] == 1
    assert data["failures"][:-1] == plain["failures"]
    side = data["failures"][-1]
    assert side["error"] == ["OSError: [Errno 28] No space left on device"]
    assert side["commands"][0]["sidechain"] is True and side["exit_code"] == 2


def test_forked_session_counts_each_call_once(
    session: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """`--resume ID --fork-session` copies the history into a new transcript."""
    home, work, transcript = session
    sid = transcript.stem
    turns = [*script(work), bash("python3 -c 'import second_missing_module'"), say("ok")]
    result = run_session(home, work, turns, "--resume", sid, "--fork-session")
    forked = transcript.with_name(f"{result['session_id']}.jsonl")
    assert forked != transcript and forked.is_file()
    before = {f["error"][-1]: f["count"] for f in harvest_file(transcript)["failures"]}
    after = {f["error"][-1]: f["count"] for f in harvest_file(forked)["failures"]}
    assert after == {**before, "ModuleNotFoundError: No module named 'second_missing_module'": 1}


def test_draft_fills_a_new_skill_verbatim(session: tuple[Path, Path, Path], registry: Path) -> None:
    _, _, transcript = session
    shutil.copytree(REPO / "templates", registry / "templates")
    new_plugin(registry, "training/lora-config-nan", "Test Author")
    plugin = registry / "plugins/training/lora-config-nan"
    out = CliRunner().invoke(
        main, ["harvest", "--root", str(registry), str(transcript), "--draft", str(plugin)]
    )
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == [
        f"drafted {plugin}/skills/lora-config-nan/SKILL.md",
        f"drafted {plugin}/references/troubleshooting.md",
        f"drafted {plugin}/scripts/train.py",
    ]
    skill = (plugin / "skills/lora-config-nan/SKILL.md").read_text()
    rows = skill.split("## Failed Attempts", 1)[1].split("\n---", 1)[0]
    assert (
        f"| `{KNOWN}` | Fixed by `python3 train.py --config config.yaml --precision bf16`" in rows
    )
    assert "`--precision` " not in rows and "--precision `fp16` \u2192 `bf16`" in rows
    assert f"known: lora-fp16-nan \u203a {KNOWN}" in rows
    assert (
        "| `ModuleNotFoundError: No module named 'harvest_missing_module'` | TODO: not solved"
        in rows
    )
    assert "TODO: error line not in the transcript" in rows  # the cut log, not invented
    assert "TODO: what you tried" not in skill
    version = subprocess.run(["python3", "--version"], capture_output=True, text=True).stdout
    assert f"| **Environment** | python --version: `{version.strip()}` |" in skill
    assert "```yaml\nlr: 1e-4\nhub_token: hf_g\u2026(37 chars)\n```" in skill
    assert TOKEN not in skill
    trouble = (plugin / "references/troubleshooting.md").read_text()
    headings = [line for line in trouble.splitlines() if line.startswith("## ")]
    assert headings == [  # the new errors only: the known one links to its skill instead
        "## `RuntimeError: loss is nan at step 3 (lr=5.0)`",
        "## `ModuleNotFoundError: No module named 'harvest_missing_module'`",
    ]
    assert (plugin / "scripts/train.py").read_text() == TRAIN


def test_draft_into_an_existing_skill_adds_only_new_errors(
    session: tuple[Path, Path, Path], registry: Path
) -> None:
    _, _, transcript = session
    plugin = registry / "plugins/training/lora-fp16-nan"
    skill_path = plugin / "skills/lora-fp16-nan/SKILL.md"
    before = skill_path.read_text()
    args = ["harvest", "--root", str(registry), str(transcript), "--draft", str(plugin)]
    assert CliRunner().invoke(main, args).exit_code == 0
    after = skill_path.read_text()
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == 3 and all(line.startswith("| `") for line in added)
    assert not any(KNOWN in line for line in added)
    assert after.replace("\n".join(added) + "\n", "") == before  # appended, nothing else moved
