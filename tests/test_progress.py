"""Long work shows progress: plain lines off a terminal, a live display on one, Ctrl-C safe."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from benchmarks.generate import generate_registry
from site_gen.cli import main
from tests.conftest import REPO, MakeRegistry, plugin_files

MKDOCS_YML = str(REPO / "mkdocs.yml")
PHASE = re.compile(r"^(\w+) +(\d+\.\d)s(?:  ([\d,]+) (\w+))?$", re.M)


def test_plain_output_is_one_line_per_phase_with_counts(make_registry: MakeRegistry) -> None:
    root = make_registry({**plugin_files(), **plugin_files("other-run", "eval")})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--config", MKDOCS_YML])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output  # nothing animates off a terminal
    phases = {m.group(1): (m.group(3), m.group(4)) for m in PHASE.finditer(result.output)}
    assert list(phases) == ["check", "render", "mkdocs", "emit", "search", "swap"]
    markdown = sorted(p for p in (root / "build/docs").rglob("*.md"))
    html_pages = [p for p in (root / "site").rglob("index.html")]
    assert phases["check"] == ("2", "plugins")
    assert phases["mkdocs"] == (str(len(markdown)), "pages")
    assert len(html_pages) >= len(markdown) - 1  # every page was written (404 has no folder)
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith(f"built {len(markdown)} pages") and "for 2 plugins" in summary
    assert re.search(r"site [\d.]+ (KB|MB)$", summary)


def test_quiet_prints_only_problems(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    skill = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    files[skill] = files[skill].replace('date: "2025-11-02"', "date: 2025-11-02 10:00:00")
    root = make_registry(files)
    result = CliRunner().invoke(
        main, ["build", "--quiet", "--root", str(root), "--config", MKDOCS_YML]
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith(
        "W233 warning: metadata.date is a datetime, not a string"
    )
    assert not PHASE.search(result.output) and "built " not in result.output


def _pty_run(args: list[str], until: float = 120) -> bytes:
    """Run `args` on a pseudo-terminal (as a person at a terminal would) and return its output."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are the terminal
        os.execv(args[0], args)
    out = b""
    deadline = time.monotonic() + until
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
    os.waitpid(pid, 0)
    os.close(fd)
    return out


def test_terminal_shows_a_live_display_per_phase(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    site_gen = str(Path(sys.executable).parent / "site-gen")
    out = _pty_run([site_gen, "build", "--root", str(root), "--config", MKDOCS_YML]).decode()
    assert "━" in out and "\x1b[" in out  # rich's bar, with colour
    assert re.search(r"\d+/\d+", out)  # the page count of the MkDocs phase
    for phase in ("check", "render", "mkdocs", "emit", "swap"):
        assert re.search(rf"{phase} +\d+\.\ds", out), phase
    assert "built " in out


def test_ctrl_c_during_mkdocs_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    generate_registry(root, 50, seed=1)
    site_gen = str(Path(sys.executable).parent / "site-gen")
    args = [site_gen, "build", "--root", str(root), "--config", MKDOCS_YML]
    subprocess.run(args, check=True, capture_output=True)
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "plugins/training").joinpath("new-note.txt").write_text("changed\n")

    # A cache of its own: with the first build's pages reused, MkDocs would be done too soon.
    cold = [*args, "--cache", str(tmp_path / "cold-cache")]
    # SIGINT as a terminal gives it: a child inherits an ignored SIGINT (some earlier test in
    # the session may leave it so), and Python then never turns Ctrl-C into KeyboardInterrupt.
    proc = subprocess.Popen(
        cold,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    for line in proc.stdout:  # the render phase ended: MkDocs is now writing pages
        if line.startswith("render"):
            time.sleep(0.1)  # MkDocs renders 50 skills in about a second now
            proc.send_signal(signal.SIGINT)
            break
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted: the previous site is untouched" in stderr
    assert "Traceback" not in stderr
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
