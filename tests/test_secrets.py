"""Credential patterns: each provider's format is caught and masked; look-alikes are not.

Tokens are assembled at run time so this file never holds a literal that scanners flag.
"""

from __future__ import annotations

import pytest

from site_gen.secrets import find_secrets

A36 = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5Q"
HEX40 = "0123456789abcdef0123456789abcdef01234567"

POSITIVES = [
    ("Hugging Face token", "export HF_TOKEN=" + "hf_" + A36[:34]),
    ("OpenAI API key", "OPENAI_API_KEY=" + "sk-proj-" + A36 + A36[:10]),
    ("OpenAI API key", "key = '" + "sk-" + A36[:20] + "T3Blbk" + "FJ" + A36[:20] + "'"),
    ("Anthropic API key", "ANTHROPIC_API_KEY=" + "sk-ant-" + "api03-" + A36 + A36),
    ("AWS access key id", "aws_access_key_id = " + "AKIA" + "IOSFODNN7EXAMPLE"),
    (
        "AWS secret access key",
        "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
    ),
    ("GitHub token", "git clone https://x:" + "ghp_" + A36 + "@github.com/o/r"),
    ("GitHub token", "GH=" + "github_pat_" + "11ABCDEFG0" + A36 + A36[:30]),
    ("Weights & Biases API key", "WANDB_API_KEY=" + HEX40),
    ("Weights & Biases API key", "wandb login " + HEX40),
    ("Slack token", "token: " + "xoxb-" + "123456789012-123456789012-" + A36[:24]),
    ("Slack webhook", "https://hooks.slack.com/services/" + "T0000000/B0000000/" + A36[:24]),
    ("private key", "-----BEGIN " + "OPENSSH PRIVATE KEY-----"),
    ("password in URL", "MONGO=mongodb://admin:" + "s3cr3tPw" + "@db.internal:27017"),
]

NEGATIVES = [
    "export HF_TOKEN=$HF_TOKEN",
    "huggingface-cli login --token ${HF_TOKEN}",
    "postgres://user:<password>@db:5432/x",
    "https://user:${DB_PASSWORD}@host/path",
    "redis://:****@cache:6379",
    "--db postgresql://user:pwd@host:5432/db",
    "commit " + HEX40 + " fixed the loader",
    "use sk-learn style pipelines",
    "model: hf_hub_download(repo_id='x')",
    "http://127.0.0.1:8000/v1/models",
]


@pytest.mark.parametrize(("kind", "line"), POSITIVES)
def test_each_provider_is_caught_and_masked(kind: str, line: str) -> None:
    findings = find_secrets(f"# notes\n{line}\n")
    assert [(f.kind, f.line) for f in findings][:1] == [(kind, 2)]
    secret_part = line.split("=")[-1].split(" ")[-1]
    if kind != "private key":
        assert secret_part not in findings[0].masked


@pytest.mark.parametrize("line", NEGATIVES)
def test_placeholders_and_look_alikes_pass(line: str) -> None:
    assert find_secrets(line) == ()
