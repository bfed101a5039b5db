# Copied from site_gen/harvest/masking.py by `site-gen marketplace`: edit that file.
"""The one place harvest masks secrets: every string goes through the registry's scanner
(`secrets.mask_secrets`, the rules behind E900/W900), so harvest masks exactly what `check`
would refuse. Standard library only, like the scanner.
"""

from __future__ import annotations

from typing import Any

from ..secrets import mask_secrets


def mask_text(text: str) -> str:
    """`text` with every credential the scanner knows replaced by its masked form."""
    return mask_secrets(text) if text else text


def mask_all(value: Any) -> Any:
    """Every string in a JSON-ready value masked (keys included)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [mask_all(v) for v in value]
    if isinstance(value, dict):
        return {mask_text(str(k)): mask_all(v) for k, v in value.items()}
    return value
