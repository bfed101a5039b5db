"""The secret scan: each provider caught and masked, look-alikes left alone, every file read.

Vectors live in `tests/secret_vectors.py` (tokens drawn at run time in each provider's shape).
"""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from site_gen.cli import main
from site_gen.registry import check_registry
from site_gen.secret_files import BLOCK_BYTES, scan_file, secret_problems
from site_gen.secrets import find_secrets, mask, mask_secrets
from tests.conftest import REPO, MakeRegistry, plugin_files
from tests.secret_vectors import (
    ALNUM,
    ANTHROPIC,
    GITHUB,
    HF,
    LEAKS,
    LOOK_ALIKES,
    RSA_KEY,
    URLSAFE,
    WARNINGS,
    Vector,
    pem_body,
)

BASE = "plugins/training/lora-fp16-nan"


def pieces(secret: str, size: int = 8) -> set[str]:
    """Every `size`-character piece of the secret's lines: none may be printed."""
    return {ln[i : i + size] for ln in secret.splitlines() for i in range(len(ln) - size + 1)}


def leaked(secret: str, output: str) -> set[str]:
    return {piece for piece in pieces(secret) if piece in output}


@pytest.mark.parametrize("vector", LEAKS, ids=lambda v: v.name)
def test_each_leak_blocks_and_is_masked(vector: Vector) -> None:
    findings = find_secrets(f"# notes\n{vector.text}\n")
    assert [f.line for f in findings if f.blocking][:1] == [2]
    shown = mask_secrets(vector.text) + "\n".join(f.masked for f in findings)
    assert leaked(vector.secret, shown) == set()


@pytest.mark.parametrize("vector", WARNINGS, ids=lambda v: v.name)
def test_local_or_scoped_credentials_only_warn(vector: Vector) -> None:
    findings = find_secrets(vector.text)
    assert [f.blocking for f in findings] == [False]
    assert leaked(vector.secret, mask_secrets(vector.text)) == set()


@pytest.mark.parametrize("vector", LOOK_ALIKES, ids=lambda v: v.name)
def test_look_alikes_are_not_reported(vector: Vector) -> None:
    assert find_secrets(vector.text) == []


@pytest.mark.parametrize(
    "line",
    [
        f"HF_TOKEN={HF}  # pragma: allowlist secret",
        f"const key = '{GITHUB}'; // pragma: allowlist secret",
        f"Use `{ANTHROPIC}` <!-- pragma: allowlist secret -->",
        f"token: {HF} # gitleaks:allow",
    ],
)
def test_allowlist_comment_skips_the_line(line: str) -> None:
    assert find_secrets(f"before {GITHUB}\n{line}\n")[0].line == 1
    assert [f.line for f in find_secrets(f"{line}\n")] == []


def test_allowlist_nextline_and_the_marker_outside_a_comment() -> None:
    text = f"# pragma: allowlist nextline secret\n{RSA_KEY}\nprose pragma: allowlist secret {HF}\n"
    assert [(f.kind, f.line) for f in find_secrets(text)] == [
        ("Hugging Face token", RSA_KEY.count("\n") + 3)
    ]


def test_mask_keeps_four_characters_and_the_length() -> None:
    assert mask("hf_" + "a" * 34) == "hf_a…(37 chars)"
    assert mask("s3cr3t") == "s…(6 chars)"
    masked = mask_secrets(f"key:\n{RSA_KEY}\nafter")
    assert masked.startswith("key:\n-----BEGIN RSA PRIVATE KEY----- …(")
    assert masked.endswith(" chars)\nafter") and leaked(pem_body(RSA_KEY), masked) == set()


# Token shapes for the property tests: a prefix and a body alphabet each provider uses.
_SHAPES = [
    ("hf_", ALNUM, 34),
    ("ghp_", ALNUM, 36),
    ("sk-ant-api03-", URLSAFE, 95),
    ("sk-proj-", URLSAFE, 60),
    ("AKIA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
    ("xoxb-", ALNUM + "-", 40),
    ("AIza", URLSAFE, 35),
]


@st.composite
def tokens(draw: st.DrawFn) -> str:
    prefix, alphabet, size = draw(st.sampled_from(_SHAPES))
    pick = random.Random(draw(st.integers(0, 2**32))).choice  # random bodies, as real ones are
    token = prefix + "".join(pick(alphabet) for _ in range(size))
    assume(any(f.blocking for f in find_secrets(token)))  # not a placeholder by chance
    return token


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(token=tokens(), before=st.text(max_size=60), after=st.text(max_size=60))
def test_masking_never_prints_eight_characters_of_a_token(
    token: str, before: str, after: str
) -> None:
    assume(not any(piece in before + "\x00" + after for piece in pieces(token)))
    text = f"{before} {token} {after}"
    masked = mask_secrets(text)
    assert leaked(token, masked) == set()
    assert mask_secrets(masked) == masked


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_masking_is_stable(text: str) -> None:
    findings = find_secrets(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    masked = mask_secrets(text)
    assert mask_secrets(masked) == masked


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["-----BEGIN RSA PRIVATE KEY-----", "\n", "MIIE", "...", "A" * 64,
                                 "-----END RSA PRIVATE KEY-----", "\\n", "://u:p@h", "eyJ"])))  # fmt: skip
def test_key_and_url_fragments_never_raise(parts: list[str]) -> None:
    mask_secrets("".join(parts))


# Files: every name, every size, bounded memory.


def test_a_leak_past_the_first_block_is_found_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "sweep.py"
    filler = "x = 1  # padding line for the sweep script\n"
    count = 2 * BLOCK_BYTES // len(filler) + 7
    path.write_text(filler * count + f"KEY = '{ANTHROPIC}'\n" + filler * 10)
    scan = scan_file(path)
    assert [(f.kind, f.line) for f in scan.findings] == [("Anthropic API key", count + 1)]


def test_a_key_across_a_block_boundary_and_a_huge_line_are_found(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    head = "a\n" * ((BLOCK_BYTES - 300) // 2)  # the key starts 300 bytes before the cut
    one_line = json.dumps({"data": "word " * (BLOCK_BYTES // 2), "token": HF})
    path.write_text(head + RSA_KEY + "\n" + one_line + "\n")
    found = [(f.kind, f.line) for f in scan_file(path).findings]
    key_line = head.count("\n") + 1
    json_line = key_line + RSA_KEY.count("\n") + 1
    assert found == [("private key", key_line), ("Hugging Face token", json_line)]


def test_binary_files_are_scanned_for_printable_runs(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40 + f"tok={HF};".encode())
    scan = scan_file(path)
    assert scan.binary and [(f.kind, f.line) for f in scan.findings] == [("Hugging Face token", 0)]
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 " + GITHUB.encode() + b"\n")
    assert [f.kind for f in scan_file(tmp_path / "latin1.txt").findings] == ["GitHub token"]


def test_a_large_file_is_scanned_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "train.log"
    line = "step 100 loss 0.4321 lr 3e-4 grad_norm 1.02 tokens/s 18234.5\n"
    with path.open("w") as out:
        for _ in range(16 * BLOCK_BYTES // len(line) // 100):
            out.write(line * 100)
        out.write(f"export HF_TOKEN={HF}\n")
    tracemalloc.start()
    try:
        findings = scan_file(path).findings
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [f.kind for f in findings] == ["Hugging Face token"]
    assert peak < 8 * BLOCK_BYTES, f"peak {peak:,} bytes for a {path.stat().st_size:,} byte file"


# Through `site-gen check`: the cases issue 11 names, and every output format masked.


def _check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("rel", "content", "kind"),
    [
        ("scripts/train.log", f"step 1 loss 2.3\nlogin with {HF}\n", "Hugging Face token"),
        ("scripts/.env.local", f"GITHUB_TOKEN={GITHUB}\n", "GitHub token"),
        ("scripts/run-sweep", f"#!/bin/sh\nexport ANTHROPIC_API_KEY={ANTHROPIC}\n", "Anthropic"),
        (
            "scripts/sweep.py",
            "# sweep\n"
            + "CONFIGS.append({'lr': 3e-4, 'seed': 1})\n" * 36_000
            + f"KEY = '{ANTHROPIC}'\n",
            "Anthropic",
        ),
    ],
    ids=["hf-in-train-log", "github-in-env-local", "no-suffix", "1.4MB-script"],
)
def test_check_finds_leaks_in_any_file(
    make_registry: MakeRegistry, rel: str, content: str, kind: str
) -> None:
    root = make_registry({**plugin_files(), f"{BASE}/{rel}": content})
    line = content.count("\n")
    code, output = _check(root)
    assert code == 1
    assert f"{BASE}/{rel}:{line}: E900 error: possible {kind}" in output
    for fmt in ("text", "json", "github"):
        _, output = _check(root, "--format", fmt)
        assert not any(leaked(secret, output) for secret in (HF, GITHUB, ANTHROPIC)), fmt


@pytest.mark.parametrize(
    "content",
    [
        "# What the hook detects\n\nIt refuses any file with a line such as\n\n"
        "```\n-----BEGIN RSA PRIVATE KEY-----\n-----BEGIN OPENSSH PRIVATE KEY-----\n```\n",
        "Start the tracking database:\n\n"
        "    export MLFLOW_URI=postgresql://postgres:postgres@localhost:5432/runs\n",
        "Set your token first: `HF_TOKEN=hf_xxxxxxxx...` (from hf.co/settings/tokens).\n",
        "```bash\nexport HF_TOKEN=hf_" + "x" * 34 + "\n```\n",
    ],
    ids=["pem-header-only", "localhost-postgres", "hf-placeholder", "hf-placeholder-full"],
)
def test_check_passes_documentation_examples(make_registry: MakeRegistry, content: str) -> None:
    root = make_registry({**plugin_files(), f"{BASE}/references/setup.md": f"# Setup\n\n{content}"})
    code, output = _check(root, "--strict")
    assert "E900" not in output and "W900" not in output
    assert code == 0, output


def test_check_warns_for_a_compose_service_password(make_registry: MakeRegistry) -> None:
    secret = "Zq7" + "mVt2pLx9"
    url = f"postgresql://mlflow:{secret}@tracking-db:5432/mlflow"
    root = make_registry({**plugin_files(), f"{BASE}/scripts/compose.env": f"DB={url}\n"})
    code, output = _check(root)
    assert code == 0 and f"{BASE}/scripts/compose.env:1: W900 warning: password in URL" in output
    assert secret not in output
    assert _check(root, "--strict")[0] == 1


def test_a_file_that_cannot_be_read_is_an_error_not_a_pass(tmp_path: Path) -> None:
    """Root reads any file, so the OSError comes from a file gone between listing and scan."""
    found = secret_problems(tmp_path / "gone.env", f"{BASE}/scripts/gone.env")
    assert [(p.path, p.code, p.is_error) for p in found] == [
        (f"{BASE}/scripts/gone.env", "E901", True)
    ]
    assert "could not be read for the secret scan (No such file or directory)" in found[0].message


def test_build_leaves_out_a_plugin_whose_log_leaks(make_registry: MakeRegistry) -> None:
    files = {**plugin_files(), **plugin_files("leaky-run", "data")}
    log = "step 1 loss 2.0 lr 3e-4\n" * 100_000 + f"[wandb] HF_TOKEN={HF}\n"  # 2.4 MB
    files["plugins/data/leaky-run/scripts/train.log"] = log
    root = make_registry(files)
    args = ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml"), "--skip-invalid"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "plugins/data/leaky-run/scripts/train.log:100001: E900 error" in result.output
    assert "left out 1 plugin(s) with errors: plugins/data/leaky-run" in result.output
    assert leaked(HF, result.output) == set()
    site = root / "site"
    assert (site / "skills/lora-fp16-nan/index.html").is_file()
    assert not (site / "skills/leaky-run").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".txt", ".md", ".xml", ".js"}:
            text = path.read_text("utf-8", errors="replace")
            assert "leaky-run" not in text and leaked(HF, text) == set(), path


def test_check_reads_a_large_file_in_bounded_memory(make_registry: MakeRegistry) -> None:
    """A 32 MiB log: about 5 MiB at the peak (measured), where reading it whole takes 32."""
    root = make_registry(plugin_files())
    log = root / BASE / "scripts/sweep.log"
    log.parent.mkdir(parents=True)
    with log.open("w") as out:
        for _ in range(32):
            out.write("epoch 3 step 1200 loss 0.4321 val 0.5012\n" * (BLOCK_BYTES // 41))
        out.write(f"GITHUB_TOKEN={GITHUB}\n")
    tracemalloc.start()
    try:
        problems = check_registry(root).problems
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(p.path, p.code) for p in problems] == [(f"{BASE}/scripts/sweep.log", "E900")]
    assert peak < 12 * BLOCK_BYTES, f"peak {peak:,} bytes for a {log.stat().st_size:,} byte file"
