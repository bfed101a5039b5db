"""The one place harvest masks secrets, so it follows the scanner in `secrets.py`.

When the scanner offers `mask_secrets(text)` it is used as is; until then every match of its
patterns is replaced by the scanner's own masked form (`hf_a…(37 chars)`).
Standard library only, like the scanner.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from .. import secrets as scanner

_mask_text: Callable[[str], str] | None = getattr(scanner, "mask_secrets", None)


def mask_text(text: str) -> str:
    """`text` with every credential the scanner knows replaced by its masked form."""
    if _mask_text is not None:
        return _mask_text(text)
    if not text or not scanner.find_secrets(text):
        return text
    text = _PRIVATE_KEY.sub("<private key>", text)
    for kind, pattern in scanner._PATTERNS:
        text = pattern.sub(functools.partial(_masked, kind=kind), text)
    return text


_PRIVATE_KEY = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*-----|\Z)"
)
"""The whole key, not only its header line: the body is the secret."""


def _masked(match: Any, kind: str) -> str:
    whole = match.group(0)
    if not match.lastindex:
        return scanner.mask(whole) if not whole.startswith("-----BEGIN") else "<private key>"
    start, end = match.span(match.lastindex)
    value = match.group(match.lastindex)
    if kind == "password in URL" and scanner._PLACEHOLDER.match(value):
        return whole
    offset = match.start()
    return whole[: start - offset] + scanner.mask(value) + whole[end - offset :]


def mask_all(value: Any) -> Any:
    """Every string in a JSON-ready value masked (keys included)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [mask_all(v) for v in value]
    if isinstance(value, dict):
        return {mask_text(str(k)): mask_all(v) for k, v in value.items()}
    return value
