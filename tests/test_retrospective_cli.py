"""/retrospective end to end in the real Claude Code CLI: the skill's own commands, as the CLI
delivers them to the model, run in the experiment's session and leave a committed branch.

The scripted model stands in for Claude: it reads the skill text from the request, runs each
command block of it (placeholders filled the way the skill says), writes the parts only the
conversation knows in place of the TODOs `--draft` left, and stops before `publish`.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import plugin_files
from test_claude_cli import git, origin
from test_harvest_cli_session import CLAUDE, KNOWN, TOKEN, session
from test_skill_pr import remote_branches

from tests.scripted_model import ScriptedModel, Turn, bash, claude_env, say

__all__ = ["origin", "session"]  # fixtures: the registry as committed; one real experiment

PLUGIN_DIR = Path(__file__).resolve().parent.parent / "plugins/tooling/skills-registry"
SPEC = "training/lora-config-nan"
PLUGIN = f"plugins/{SPEC}"
DESCRIPTION = (
    "Training with a YAML config and a precision flag without NaN or FP16 unscale errors. "
    "Usage scenarios: (1) When encountering 'ValueError: Attempting to unscale FP16 "
    "gradients.', (2) When the loss is nan at step 3 because lr in config.yaml is 5.0. "
    "Verified on Python 3.11, CPU only."
)
_BLOCK = re.compile(r"^[ \t]*```bash\n(.*?)\n[ \t]*```$", re.S | re.M)


class RetrospectiveModel(ScriptedModel):
    """Follows the /retrospective skill text it receives, one tool call per request."""

    def __init__(self, registry: Path) -> None:
        super().__init__([])
        self.registry = registry
        self.first_answered: int | None = None
        self.skill = ""
        self.turns: dict[int, Turn] = {}
        """The turn given for each position: a retried request gets the same answer."""

    def _turn(self, body: dict[str, Any]) -> Turn:
        answered = sum(1 for m in body.get("messages", []) if m.get("role") == "assistant")
        if self.first_answered is None:
            self.first_answered = answered
            self.skill = next(t for t in _texts(body) if 'skill_pr.py" prepare' in t)
        n = answered - self.first_answered
        if n not in self.turns:
            self.turns[n] = self.step(n)
        return self.turns[n]

    def block(self, needle: str) -> str:
        return next(b for b in _BLOCK.findall(self.skill) if needle in b)

    def step(self, n: int) -> Turn:
        plan = [
            lambda: bash(self.block("harvest --root")),
            lambda: bash(
                self.block("advise --json").replace(
                    "<the goal, in the user's words> <each new error's last line>",
                    "train with a yaml config RuntimeError: loss is nan",
                )
            ),
            lambda: bash(
                re.search(r"`(cd \"\$REG\" && \.venv/bin/site-gen new [^`]*)`", self.skill)
                .group(1)  # type: ignore[union-attr]
                .replace("CATEGORY/NAME", SPEC)
            ),
            lambda: bash(self.block("--draft").replace("CATEGORY/NAME", SPEC)),
        ]
        if n < len(plan):
            return plan[n]()
        todo = self.first_todo()
        if n > 40:  # a broken step would loop: stop, the assertions will say which
            return say("giving up")
        if todo is not None:
            # Through Bash: Read/Write outside the session's folder wait for a permission that
            # `claude -p --resume` does not take from --add-dir (a person would grant it).
            return bash(f"cat > '{todo}' <<'RETRO_EOF'\n{fill(todo)}RETRO_EOF")
        if not (self.registry / ".git/SKILL_PR_BODY.md").exists():
            return bash(self.block('skill_pr.py" prepare').replace("CATEGORY/NAME", SPEC))
        return say(
            "Drafted, checked and committed on skill/lora-config-nan; push when you say yes."
        )

    def first_todo(self) -> Path | None:
        for path in sorted((self.registry / PLUGIN).rglob("*")):
            if path.is_file() and "TODO" in path.read_text():
                return path
        return None


def _texts(body: dict[str, Any]) -> list[str]:
    out = []
    for message in body.get("messages", []):
        content = message.get("content")
        blocks = content if isinstance(content, list) else [{"text": content}]
        out += [str(b.get("text", "")) for b in blocks if isinstance(b, dict)]
    return out


def fill(path: Path) -> str:
    """What Claude would write in place of each TODO, from the conversation."""
    text = path.read_text()
    if path.name == "plugin.json":
        manifest = json.loads(text)
        manifest["description"] = DESCRIPTION
        manifest["keywords"] = ["fp16", "nan", "config"]
        return json.dumps(manifest, indent=2) + "\n"
    text = re.sub(
        r'^description: ".*"$', f"description: {json.dumps(DESCRIPTION)}", text, flags=re.M
    )
    text = text.replace("TODO: not solved in the session; what to try instead", "Install it first")
    text = text.replace("TODO: not solved in the session.", "Not solved: install the module.")
    text = text.replace("TODO: why it happens.", "lr 5.0 in config.yaml is far too high.")
    return re.sub(r"TODO:?", "Noted:", text)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory, origin: Path) -> Path:
    """A clone of a bare remote of the registry, with the worktree's venv."""
    base = tmp_path_factory.mktemp("retro")
    remote, clone = base / "remote.git", base / "skills-registry"
    subprocess.run(["git", "clone", "-q", "--bare", str(origin), str(remote)], check=True)
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    for rel, text in plugin_files("lora-fp16-nan").items():  # the registry knows one error
        (clone / rel).parent.mkdir(parents=True, exist_ok=True)
        (clone / rel).write_text(text)
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "add lora-fp16-nan")
    git(clone, "push", "-q", "origin", "main")
    (clone / ".venv").symlink_to(Path(__file__).resolve().parent.parent / ".venv")
    return clone


def test_retrospective_in_the_real_cli(session: tuple[Path, Path, Path], registry: Path) -> None:
    home, work, transcript = session
    model = RetrospectiveModel(registry)
    env = {
        **claude_env(home),
        "ANTHROPIC_API_KEY": "sk-ant-test",
        "REG": str(registry),
        "PROJECT": str(work),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    with model:
        out = subprocess.run(
            [
                str(CLAUDE),
                "-p",
                f"/retrospective {SPEC}",
                "--resume",
                transcript.stem,
                "--plugin-dir",
                str(PLUGIN_DIR),
                "--allowedTools",
                "Bash,Write,Edit",
                "--output-format",
                "json",
            ],
            cwd=work,
            env={**env, "ANTHROPIC_BASE_URL": model.url},
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert out.returncode == 0, out.stderr
    results = model.tool_results()
    skill_at = next(i for i, r in enumerate(results) if "<command-name>" in r)
    assert "giving up" not in out.stdout, "\n\n".join(
        r[:300] for r in results[skill_at : skill_at + 8]
    )
    failed = [r for r in results[skill_at:] if r.startswith(("Exit code", "Error", "<tool_use"))]
    assert failed == [], failed
    log = subprocess.run(
        ["git", "log", "-1", "--name-only", "--format=%s", "skill/lora-config-nan"],
        cwd=registry,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert log.startswith("Add skill: lora-config-nan\n")
    assert f"{PLUGIN}/references/troubleshooting.md" in log and f"{PLUGIN}/scripts/train.py" in log
    skill = (registry / PLUGIN / "skills/lora-config-nan/SKILL.md").read_text()
    assert f"`{KNOWN}`" in skill and "`RuntimeError: loss is nan at step 3 (lr=5.0)`" in skill
    assert TOKEN not in skill
    body = (registry / ".git/SKILL_PR_BODY.md").read_text()
    new, known = body.split("## Errors the registry already knows")
    assert "`ModuleNotFoundError: No module named 'harvest_missing_module'` (1x)" in new
    assert "its error line is not in the transcript (output cut by Claude Code)" in new
    assert (
        f"`{KNOWN}` (2x), fixed by `python3 train.py --config config.yaml --precision bf16`"
        in known
    )
    assert "site-gen" not in body.split("## Final parameters")[1]  # its own commands are not runs
    assert "skill/" not in remote_branches(registry)  # nothing pushed without the user's yes
