"""Secret-scan vectors: fake but well-formed leaks of each provider, and look-alikes.

Tokens are drawn from a seeded generator at import time in each provider's documented shape,
so this file holds no literal that a scanner (ours or GitHub's push protection) would flag.
Shared by `tests/test_secrets.py` and `benchmarks/secret_scan.py`.
"""

from __future__ import annotations

import base64
import json
import random
import string
from dataclasses import dataclass

_rng = random.Random(20261130)
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"


def rand(n: int, alphabet: str = ALNUM) -> str:
    return "".join(_rng.choice(alphabet) for _ in range(n))


def _b64_lines(n_bytes: int, width: int = 64) -> str:
    body = base64.b64encode(_rng.randbytes(n_bytes)).decode()
    return "\n".join(body[i : i + width] for i in range(0, len(body), width)) + "\n"


def pem(kind: str, n_bytes: int = 1190) -> str:
    """A private key block of the given type (`RSA `, `OPENSSH `, `` for PKCS#8) with a body."""
    return (
        f"-----BEGIN {kind}PRIVATE KEY-----\n{_b64_lines(n_bytes)}-----END {kind}PRIVATE KEY-----"
    )


def pem_body(block: str) -> str:
    """The secret part of a key block: its base64 lines, without BEGIN and END."""
    return "\n".join(line for line in block.splitlines() if line and "-----" not in line)


def jwt(claims: dict[str, str]) -> str:
    """An HS256-shaped JWT with these claims and a random signature."""
    parts = [{"alg": "HS256", "typ": "JWT"}, claims]
    encoded = [base64.urlsafe_b64encode(json.dumps(p).encode()).decode().rstrip("=") for p in parts]
    return ".".join([*encoded, rand(43, URLSAFE)])


JWT_IO = jwt({"sub": "1234567890", "name": "John Doe", "iat": "1516239022"})


@dataclass(frozen=True)
class Vector:
    name: str
    text: str
    """A line or snippet as it would sit in a file."""
    secret: str = ""
    """The value that must never be printed (leaks only)."""


def _leak(name: str, secret: str, template: str = "{}") -> Vector:
    return Vector(name, template.format(secret), secret)


HF = "hf_" + rand(34, string.ascii_letters)
GITHUB = "ghp_" + rand(36)
ANTHROPIC = "sk-ant-" + "api03-" + rand(93, URLSAFE) + "AA"
AWS_ID = "AKIA" + rand(16, string.ascii_uppercase + "234567")
RSA_KEY = pem("RSA ")
PKCS8 = pem("", 1218)
OPENSSH_KEY = pem("OPENSSH ", 1800)
EC_KEY = pem("EC ", 121)
PY_KEY = "KEY = (" + "\n    ".join(f'"{line}\\n"' for line in RSA_KEY.splitlines()) + ")"
CUT_KEY = "\n".join(pem("OPENSSH ", 1800).splitlines()[:12])  # a log cut after 11 lines
PGP = (
    "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
    + _b64_lines(900)
    + "=abcd\n-----END PGP PRIVATE KEY BLOCK-----"
)

LEAKS: list[Vector] = [
    _leak("Hugging Face token in a shell export", HF, "export HF_TOKEN={}"),
    _leak("Hugging Face org token", "api_org_" + rand(34, string.ascii_letters), "token: {}"),
    _leak("GitHub classic token in a clone URL", GITHUB, "git clone https://x:{}@github.com/o/r"),
    _leak("GitHub OAuth token", "gho_" + rand(36), "GH_TOKEN={}"),
    _leak("GitHub fine-grained token", "github_pat_" + rand(22) + "_" + rand(59), "pat = '{}'"),
    _leak("Anthropic API key", ANTHROPIC, "ANTHROPIC_API_KEY={}"),
    _leak("Anthropic admin key", "sk-ant-" + "admin01-" + rand(93, URLSAFE) + "AA", '"{}"'),
    _leak("Claude Code OAuth token", "sk-ant-" + "oat01-" + rand(93, URLSAFE) + "AA", "{}"),
    _leak(
        "OpenAI project key", "sk-proj-" + rand(74, URLSAFE) + "T3Blbk" + "FJ" + rand(74, URLSAFE)
    ),
    _leak(
        "OpenAI legacy key", "sk-" + rand(20) + "T3Blbk" + "FJ" + rand(20), "openai.api_key = '{}'"
    ),
    _leak("OpenAI service-account key", "sk-svcacct-" + rand(74, URLSAFE), "{}"),
    _leak("OpenAI 48-character key", "sk-" + rand(48), "OPENAI_API_KEY={}"),
    _leak("DeepSeek key (sk- + 32 hex)", "sk-" + rand(32, "0123456789abcdef"), "key: {}"),
    _leak("OpenRouter key", "sk-or-v1-" + rand(64, "0123456789abcdef"), "{}"),
    _leak("AWS access key id", AWS_ID, "aws_access_key_id = {}"),
    _leak(
        "AWS secret access key",
        rand(40, ALNUM + "/+"),
        "aws_secret_access_key = {}",
    ),
    _leak(
        "Slack bot token",
        "xoxb-" + rand(11, string.digits) + "-" + rand(13, string.digits) + "-" + rand(24),
        "SLACK_BOT_TOKEN={}",
    ),
    _leak("Slack user token", "xoxp-" + rand(11, string.digits) + "-" + rand(32), "{}"),
    _leak(
        "Slack webhook",
        "T" + rand(8, string.ascii_uppercase + string.digits) + "/B" + rand(10) + "/" + rand(24),
        "curl -X POST https://hooks.slack.com/services/{}",
    ),
    _leak("Google API key", "AIza" + rand(35, URLSAFE), "GOOGLE_API_KEY={}"),
    _leak("Google OAuth client secret", "GOCSPX-" + rand(28, URLSAFE), '"client_secret": "{}"'),
    _leak("Stripe live key", "sk_" + "live_" + rand(24), "stripe.api_key = '{}'"),
    _leak("GitLab token", "glpat-" + rand(20, URLSAFE), "{}"),
    _leak("npm token", "npm_" + rand(36), "//registry.npmjs.org/:_authToken={}"),
    _leak("PyPI token", "pypi-AgEIcHlwaS5vcmc" + rand(60, URLSAFE), "password = {}"),
    _leak("Replicate token", "r8_" + rand(37), "REPLICATE_API_TOKEN={}"),
    _leak("Groq key", "gsk_" + rand(52), "GROQ_API_KEY={}"),
    _leak("xAI key", "xai-" + rand(80), "XAI_API_KEY={}"),
    _leak("SendGrid key", "SG." + rand(22, URLSAFE) + "." + rand(43, URLSAFE), "{}"),
    _leak("W&B key in the environment", rand(40, "0123456789abcdef"), "WANDB_API_KEY={}"),
    _leak("W&B key on the command line", rand(40, "0123456789abcdef"), "wandb login {}"),
    _leak("W&B v1 key", "wandb_v1_" + rand(77, ALNUM + "_"), "{}"),
    _leak(
        "password in a database URL", rand(16), "mongodb+srv://admin:{}@cluster0.q1w2e.mongodb.net"
    ),
    Vector("RSA private key with body", RSA_KEY + "\n", pem_body(RSA_KEY)),
    Vector("OpenSSH private key with body", OPENSSH_KEY, pem_body(OPENSSH_KEY)),
    Vector("EC private key with body", EC_KEY, pem_body(EC_KEY)),
    Vector(
        "PKCS#8 key in a service-account JSON", json.dumps({"private_key": PKCS8}), pem_body(PKCS8)
    ),
    Vector("PGP private key block", PGP, pem_body(PGP)),
    _leak(
        "Supabase service-role key",
        jwt({"iss": "supabase", "ref": rand(20).lower(), "role": "service_role"}),
        "SUPABASE_SERVICE_ROLE_KEY={}",
    ),
    Vector("private key in Python string concatenation", PY_KEY, pem_body(RSA_KEY)),
    Vector(
        "private key cut off before its END line",
        CUT_KEY + "\n(output truncated)",
        pem_body(CUT_KEY),
    ),
]

WARNINGS: list[Vector] = [
    _leak(
        "password for a compose service",
        rand(14),
        "DATABASE_URL=postgresql://mlflow:{}@postgres:5432/mlflow",
    ),
    _leak("password for localhost", rand(14), "redis://:{}@127.0.0.1:6379/0"),
    _leak("JSON Web Token", jwt({"sub": rand(12)}), "Authorization: Bearer {}"),
]
"""Reported, but only as warnings (W900): usable only locally, or of unknown scope."""

LOOK_ALIKES: list[Vector] = [
    Vector("truncated HF placeholder", "HF_TOKEN=hf_xxxxxxxx..."),
    Vector("HF placeholder of full length", "HF_TOKEN=hf_" + "x" * 34),
    Vector("HF variable", "export HF_TOKEN=$HF_TOKEN"),
    Vector("HF templated", "huggingface-cli login --token ${HF_TOKEN}"),
    Vector("HF API name", "model = hf_hub_download(repo_id='x', filename='y')"),
    Vector("GitHub placeholder words", "token = 'ghp_your_github_token'"),
    Vector("GitHub placeholder run", "ghp_" + "x" * 36),
    Vector("GitHub sequential placeholder", "ghp_1234567890abcdefghijklmnopqrstuvwxyz"),
    Vector("Anthropic truncated", "ANTHROPIC_API_KEY=sk-ant-api03-..."),
    Vector("Anthropic OAuth truncated", "CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-..."),
    Vector("Anthropic placeholder words", "sk-ant-api03-your-api-key-goes-here-xxxxxxxxxxxxxxxx"),
    Vector("OpenAI placeholder", "OPENAI_API_KEY=sk-proj-" + "X" * 48),
    Vector("sk- word", "use sk-learn style pipelines"),
    Vector("Slack truncated", 'client = WebClient(token="xoxb-...")'),
    Vector("AWS documentation key id", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"),
    Vector(
        "AWS documentation secret",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
    ),
    Vector(
        "Stripe documentation test key", "stripe.api_key = 'sk_" + "test_4eC39HqLyjWDarjtT1zdp7dc'"
    ),
    Vector("Google truncated", "GOOGLE_API_KEY=AIzaSy..."),
    Vector("git commit hash", "commit " + rand(40, "0123456789abcdef") + " fixed the loader"),
    Vector("sha256 digest", "sha256:" + rand(64, "0123456789abcdef")),
    Vector("UUID", "run_id = 3f2c1a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60"),
    Vector(
        "base64 image",
        "![](data:image/png;base64," + base64.b64encode(_rng.randbytes(300)).decode() + ")",
    ),
    Vector("SSH public key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rand(43) + " me@laptop"),
    Vector("PEM header alone", "-----BEGIN RSA PRIVATE KEY-----"),
    Vector(
        "list of PEM headers a hook detects",
        "\n".join(
            f"-----BEGIN {k}PRIVATE KEY-----" for k in ("RSA ", "EC ", "DSA ", "OPENSSH ", "")
        ),
    ),
    Vector(
        "PEM with a truncated body",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
    ),
    Vector(
        "PEM with a placeholder body",
        "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----",
    ),
    Vector(
        "certificate with body",
        "-----BEGIN CERTIFICATE-----\n" + _b64_lines(800) + "-----END CERTIFICATE-----",
    ),
    Vector(
        "public key with body",
        "-----BEGIN PUBLIC KEY-----\n" + _b64_lines(294) + "-----END PUBLIC KEY-----",
    ),
    Vector("postgres default on localhost", "postgresql://postgres:postgres@localhost:5432/runs"),
    Vector("postgres default on a compose service", "postgres://airflow:airflow@postgres/airflow"),
    Vector("URL placeholder password", "postgres://user:<password>@db:5432/x"),
    Vector("URL templated password", "https://user:${DB_PASSWORD}@host/path"),
    Vector("URL starred password", "redis://:****@cache:6379"),
    Vector("URL documentation host", "mysql://user:s3cr3tPassw0rd@db.example.com/app"),
    Vector("URL word password", "postgresql://user:password@hostname:5432/dbname"),
    Vector("URL abbreviated password", "--db postgresql://user:pwd@host:5432/db"),
    Vector("loopback URL without credentials", "http://127.0.0.1:8000/v1/models"),
    Vector("Bearer variable", 'curl -H "Authorization: Bearer $ANTHROPIC_API_KEY"'),
    # Shapes found in public skill collections (tests and docs of secret scanners, tutorials).
    Vector(
        "PEM header echoed, then code",
        "sh 'echo \"-----BEGIN RSA PRIVATE KEY-----\" > /tmp/key.pem'\n"
        + "sh 'chmod 600 /tmp/key.pem && scp -i /tmp/key.pem build.tar deploy@host:/srv'\n" * 8,
    ),
    Vector(
        "PEM headers as detection regexes",
        "PATTERNS = [\n    r'-----BEGIN (?:RSA |EC )?PRIVATE KEY-----',\n"
        "    r'-----BEGIN OPENSSH PRIVATE KEY-----',\n]\n" + "def scan(text):\n    pass\n" * 20,
    ),
    Vector("PEM prefix in a prompt", '"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAA"'),
    Vector(
        "planted scanner-test key",
        "-----BEGIN RSA PRIVATE KEY-----\n"
        "MIIEpAIBAAKCAQEAplantedtestkeymaterialnotrealdonotusethisanywhere00\n"
        "-----END RSA PRIVATE KEY-----",
    ),
    Vector("Slack canary", "secret = 'xoxb-SECRET-LEAK-CANARY-9f0e1d2c3b4a'"),
    Vector("Slack shape test", "parse('xoxb-1-2-realtokenlike')"),
    Vector("AWS key with a sequential run", 'accessKeyId: "AKIA2J4K7LMNPQ6RSTUV"'),
    Vector("AWS key with a typo'd EXAMPLE", 'const apiKey = "AKIAIOSFODNN7EXAMPLG";'),
    Vector("Google example pattern", "Example: AIzaSyA1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q"),
    Vector("userinfo port trick", "redirect_uri=https://victim.com:443@attacker.com"),
    Vector("userinfo fragment trick", "http://localhost:80#@trusted.com/admin"),
    Vector(
        "bracketed password", "postgresql://postgres.[REF]:[PASSWORD]@aws-0.pooler.supabase.com"
    ),
    Vector("two-letter password", "postgresql://postgres:pw@db.xxx.supabase.co:5432/postgres"),
    Vector("leetspeak password", "DATABASE_URL=postgres://admin:S3cretP4ssw0rd@db.internal/app"),
    Vector("word password", "REDIS_URL=redis://:mypassword123@cache.internal:6379/0"),
    Vector("password equal to the user", "postgresql://readonly:readonly@db.internal:5432/app"),
    Vector("GitHub's x-oauth-basic convention", "https://$GH_TOKEN:x-oauth-basic@github.com/o/r"),
    Vector("AWS key id of a test fixture", "const text = 'ASIA" + "TESTACCESSKEYID1';"),
    Vector(
        "GitHub's documentation token",
        "Authorization: Bearer ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a",
    ),
    Vector("jwt.io's example token", "Bearer " + JWT_IO),
    Vector(
        "Supabase anon key (public by design)",
        "SUPABASE_ANON_KEY=" + jwt({"role": "anon", "iss": "supabase"}),
    ),
]
"""None of these may block (E900); the local-host URLs here are not even warnings."""
