# Copied from site_gen/secret_rules.py by `site-gen marketplace`: edit that file.
"""The rules of the secret scan: what each credential looks like, and what a placeholder does.

`candidates(text)` yields every match that is not a placeholder; `secrets.find_secrets` adds
line numbers, the allowlist comments and overlaps. Hand-written rather than taken from
gitleaks (a Go program) or detect-secrets (whose rules flag the documentation examples we must
pass); `secrets.py` says where they differ.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

Candidate = tuple[str, int, int, bool]
"""(kind, start, end, blocking) of one match."""


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    keywords: tuple[str, ...]
    """Lowercase substrings, one of which every match contains: else the rule is skipped."""
    prefix: int = 0
    """Length of the value's fixed prefix (`ghp_`), not judged for randomness."""
    min_entropy: float = 3.0
    word_start: bool = True
    """The value must not continue a word (`xhf_...` is not a token)."""


def _rule(
    kind: str, regex: str, prefix: int = 0, min_entropy: float = 3.0, keywords: str = ""
) -> _Rule:
    """A rule; its keywords default to the literal its pattern starts with."""
    literal = re.match(r"[\w\-.]*", regex.replace("\\", ""))
    words = keywords.split() or [literal.group(0) if literal else ""]
    return _Rule(kind, re.compile(regex), tuple(w.lower() for w in words), prefix, min_entropy)


_B = r"(?![A-Za-z0-9_\-])"
"""The token ends here: a longer run of token characters is something else."""
_RULES: tuple[_Rule, ...] = (
    _rule("Hugging Face token", r"hf_[A-Za-z0-9]{30,}" + _B, 3),
    _rule("Hugging Face token", r"api_org_[A-Za-z0-9]{30,}" + _B, 8),
    _rule("Anthropic API key", r"sk-ant-(?:api|admin|oat|ort)\d\d-[A-Za-z0-9_\-]{20,}", 13),
    _rule("OpenAI API key", r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}", 8),
    _rule("OpenAI API key", r"sk-[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}", 3),
    _rule("OpenRouter API key", r"sk-or-v1-[0-9a-f]{64}" + _B, 9),
    _rule("API key", r"sk-[A-Za-z0-9]{32,}" + _B, 3),
    _rule(
        "AWS access key id", r"A(?:KIA|SIA|BIA|CCA)[0-9A-Z]{16}" + _B, 4, 2.5, "akia asia abia acca"
    ),
    _rule("GitHub token", r"gh[pousr]_[A-Za-z0-9]{36,}" + _B, 4),
    _rule("GitHub token", r"github_pat_[A-Za-z0-9_]{60,}" + _B, 11),
    _rule("GitLab token", r"glpat-[A-Za-z0-9_\-]{20,}" + _B, 6),
    _rule("npm token", r"npm_[A-Za-z0-9]{36}" + _B, 4),
    _rule("PyPI token", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}", 19),
    _rule("Replicate token", r"r8_[A-Za-z0-9]{37}" + _B, 3),
    _rule("Groq API key", r"gsk_[A-Za-z0-9]{48,}" + _B, 4),
    _rule("xAI API key", r"xai-[A-Za-z0-9]{60,}" + _B, 4),
    _rule("Weights & Biases API key", r"wandb_v1_[A-Za-z0-9_]{40,}" + _B, 9),
    _rule("Slack token", r"xox[abposre]-(?:\d+-)+[A-Za-z0-9]{20,}" + _B, 5),
    _rule("Slack webhook", r"hooks\.slack\.com/services/T[A-Za-z0-9_/]{20,}", 24),
    _rule("Google API key", r"AIza[0-9A-Za-z_\-]{35}" + _B, 4),
    _rule("Google OAuth client secret", r"GOCSPX-[A-Za-z0-9_\-]{28}" + _B, 7),
    _rule("Stripe secret key", r"sk_live_[A-Za-z0-9]{20,}" + _B, 8),
    _rule("Stripe restricted key", r"rk_live_[A-Za-z0-9]{20,}" + _B, 8),
    _rule("SendGrid API key", r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}" + _B, 3),
)
# Keyed rules: the value has no prefix of its own, a keyword before it says what it is.
_KEYED: tuple[_Rule, ...] = (
    _rule(
        "AWS secret access key",
        r"(?i)aws_?secret_?(?:access_?)?key\s*[\"']?\s*[:=]\s*[\"']?"
        r"(?P<value>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])",
        keywords="aws",
    ),
    _rule(
        "Weights & Biases API key",
        r"(?i)(?:wandb[_\-]?api[_\-]?key|wandb\s+login)\s*[\"']?\s*[:=\s]\s*[\"']?"
        r"(?P<value>[0-9a-f]{40})\b",
        keywords="wandb",
    ),
)
_JWT = re.compile(r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{20,}")
_URL_PASSWORD = re.compile(
    r"://(?P<user>[^\s:/@<>\"'`]{0,64}):(?P<value>[^\s@/<>\"'`]{1,128})@"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.\-]+)"
)
PEM_BEGIN = re.compile(r"-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY( BLOCK)?-----")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----")
PEM_MAX_BODY = 16_384
"""Longest key body looked at (an RSA 8192 key is about 6,500 characters)."""
_PEM_MIN_BODY = 64
"""An Ed25519 key in PKCS#8, the shortest there is, has 64 base64 characters (gitleaks: 64)."""
_PEM_LINE_BREAK = re.compile(r"(\\r\\n|\\n|\\r|\r?\n)")
_PEM_HEADER = re.compile(r"^[A-Za-z][\w\-]*: ")
_BASE64 = re.compile(r"=?[A-Za-z0-9+/]+={0,2}")  # `=` first: a PGP checksum line
_FAKE_KEY_WORDS = re.compile(r"exampl|sample|redacted|placeholder|notreal|donotuse|dummy", re.I)
_PEM_MIN_BODY_NO_END = 256
"""A body cut off before its END line is still a leak when it is this long."""

_PLACEHOLDER_WORDS = re.compile(
    r"exampl|dummy|sample|redacted|placeholder|change_?me|replace|insert|canary|xxxx|\.\.\.|…"
    r"|(?:^|[_\-])(?:your|my|fake|test|demo|token|key|here)(?:[_\-]|$)|^(?:your|fake|test|demo)",
    re.I,
)
_DOC_TOKENS = frozenset({"ghp_16C7e42F292c6912E7710c838347Ae178B4a"})  # pragma: allowlist secret
"""Tokens the providers' own documentation shows (GitHub's REST docs), copied everywhere."""
_RUN = re.compile(r"(.)\1{5}")
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "01234567890",
    "9876543210",
)
_TEMPLATE = re.compile(r"^\$|[${}<>%*\[\]]|^\.+$|^x+$|^.{1,2}$|^\d{1,5}(?:[#?].*)?$", re.I)
"""A variable, a template, a mask, two characters, or a port (`https://a.com:443@b.com`)."""
_LEET = str.maketrans("431059$@!", "aeiosgsai")
_PASSWORD_WORDS = re.compile(r"pass|secret|senha|changeme|letmein|hunter2|qwerty", re.I)
"""Human-chosen words in a URL password (after undoing leetspeak: `S3cretP4ssw0rd`)."""
_DEFAULT_PASSWORDS = frozenset(
    {
        "postgres",
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "root",
        "admin",
        "guest",
        "mysql",
        "redis",
        "minioadmin",
        "rabbitmq",
        "mongo",
        "changeme",
        "example",
        "test",
        "dev",
        "user",
        "airflow",
        "mlflow",
        "default",
        "x-oauth-basic",
    }
)
_DOC_HOSTS = re.compile(
    r"^(?:host|hostname|server|db-?host|your[\w\-]*|example|my[\w\-]*host|.*\.example|"
    r"(?:.*\.)?example\.(?:com|org|net)|.*\.(?:test|invalid))$",
    re.I,
)
_LOCAL_HOSTS = re.compile(
    r"^(?:localhost|.*\.localhost|127(?:\.\d+){3}|0\.0\.0\.0|\[::1?\]|host\.docker\.internal|"
    r"[A-Za-z0-9_\-]+)$",
    re.I,
)
"""Loopback, and dotless names: the service names of a docker compose network."""


def candidates(text: str, lowered: str) -> Iterator[Candidate]:
    """(kind, start, end, blocking) of every match, most specific rules first."""
    yield from _private_keys(text, lowered)
    for rule in _RULES:
        if not any(word in lowered for word in rule.keywords):
            continue
        for match in rule.pattern.finditer(text):
            start, value = match.start(), match.group(0)
            if rule.word_start and start and (text[start - 1].isalnum() or text[start - 1] in "_"):
                continue
            if value in _DOC_TOKENS or not _looks_random(value[rule.prefix :], rule.min_entropy):
                continue
            if rule.kind == "Slack webhook":
                start = match.start() + rule.prefix
            yield rule.kind, start, match.end(), True
    for rule in _KEYED:  # tried only where the keyword is: `(?i)` patterns have no fast search
        at = lowered.find(rule.keywords[0])
        while at >= 0:
            keyed = rule.pattern.match(text, at)
            if keyed and _looks_random(keyed.group("value"), rule.min_entropy):
                yield rule.kind, keyed.start("value"), keyed.end("value"), True
            at = lowered.find(rule.keywords[0], keyed.end() if keyed else at + 1)
    if "eyj" in lowered:
        for match in _JWT.finditer(text):
            role = _jwt_role(match.group(0))
            if role == "service_role":  # Supabase's key that bypasses row-level security
                yield "Supabase service-role key", match.start(), match.end(), True
            elif role is not None:
                yield "JSON Web Token", match.start(), match.end(), False
    if "://" in text:
        for match in _URL_PASSWORD.finditer(text):
            blocking = _url_password(*match.group("user", "value", "host"))
            if blocking is not None:
                yield "password in URL", match.start("value"), match.end("value"), blocking


def _looks_random(body: str, min_entropy: float) -> bool:
    """False for what a person typed as a stand-in: `xxxx`, `your-key-here`, `abcdef123456`."""
    if _PLACEHOLDER_WORDS.search(body) or _RUN.search(body):
        return False
    lowered = body.lower()
    letters = "".join(c for c in lowered if c.isalpha())
    digits = "".join(c for c in lowered if c.isdigit())
    if _sequential(lowered, 5) or _sequential(letters, 6) or _sequential(digits, 6):
        return False  # `RSTUV`, `A1B2C3D4E5F6...`
    return _entropy(body) >= min_entropy


def _sequential(text: str, size: int) -> bool:
    return any(seq[i : i + size] in text for seq in _SEQUENCES for i in range(len(seq) - size + 1))


def _entropy(text: str) -> float:
    """Shannon entropy in bits per character (gitleaks' measure)."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _private_keys(text: str, lowered: str) -> Iterator[Candidate]:
    """PEM private keys whose body is there; a BEGIN line alone is documentation."""
    if "private key" not in lowered:
        return
    for header in PEM_BEGIN.finditer(text):
        window = text[header.end() : header.end() + PEM_MAX_BODY]
        boundary = window.find("-----")
        body = window[:boundary] if boundary >= 0 else window
        payload, used, complete = _pem_body(body)
        ended = complete and boundary >= 0 and _PEM_END.match(window, boundary)
        if not ended and (len(payload) < _PEM_MIN_BODY_NO_END or boundary >= 0):
            continue  # a header alone, a tutorial's `MIIEpAIBAAK...`, a regex
        if len(payload) >= _PEM_MIN_BODY and _looks_like_key(payload):
            yield (
                "private key",
                header.start(),
                header.end() + (ended.end() if ended else used),
                True,
            )


def _pem_body(body: str) -> tuple[str, int, bool]:
    """(base64 payload, characters used, whether every line was base64) of a key body.

    Lines end with newlines or with `\\n` escapes (a key inside a JSON string); quotes and
    `+` around them are code (`"MIIE..." +`); `Proc-Type:` style headers are skipped.
    """
    payload: list[str] = []
    used = 0
    parts = _PEM_LINE_BREAK.split(body)
    for index in range(0, len(parts), 2):
        line = parts[index].strip(" \t\"'+,;")
        if line and not _PEM_HEADER.match(line):
            if not _BASE64.fullmatch(line):
                return "".join(payload), used, False
            payload.append(line)
        used += len(parts[index]) + (len(parts[index + 1]) if index + 1 < len(parts) else 0)
    return "".join(payload), used, True


def _looks_like_key(payload: str) -> bool:
    """Random enough to be key material. Entropy only (plus long words): DER bodies have
    `AAAA` runs that the token checks would refuse."""
    return _entropy(payload) >= 4.0 and not _FAKE_KEY_WORDS.search(payload)


def _jwt_role(token: str) -> str | None:
    """The `role` claim of a JWT ('' without one); None for what is no JWT or one that is
    public: the documentation tokens everyone copies (jwt.io's `1234567890`, Supabase's local
    `supabase-demo`) and Supabase `anon` keys, which are meant to ship in web pages."""
    head, payload = token.split(".")[:2]
    try:
        header, claims = (
            json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
            for part in (head, payload)
        )
    except (binascii.Error, ValueError):
        return None
    if not isinstance(header, dict) or "alg" not in header or not isinstance(claims, dict):
        return None
    if claims.get("sub") == "1234567890" or claims.get("iss") == "supabase-demo":
        return None
    role = claims.get("role", "")
    return None if role == "anon" else str(role)


def _url_password(user: str, password: str, host: str) -> bool | None:
    """True: a leak; False: a local-service password (warning); None: nothing to report."""
    placeholder = _TEMPLATE.search(password) or _PLACEHOLDER_WORDS.search(password)
    if placeholder or _RUN.search(password) or _DOC_HOSTS.match(host):
        return None
    if password.lower() in _DEFAULT_PASSWORDS | {user.lower()}:
        return None  # `postgres:postgres@localhost`, or `user:password@db.internal` in a README
    if _PASSWORD_WORDS.search(password.translate(_LEET)):
        return None  # `admin:S3cretP4ssw0rd@db.internal`: a person's example, not a credential
    return not _LOCAL_HOSTS.match(host)
