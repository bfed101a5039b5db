"""The error lookup's dev set: a test-only registry and pasted logs with expected entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from site_gen.loader import load_registry
from site_gen.model import Registry

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEV_REGISTRY = HERE / "registry"


def dev_registry() -> Registry:
    """The starter plugins plus the dev set's test-only plugins, as one registry."""
    starter = load_registry(REPO).registry
    extra = load_registry(DEV_REGISTRY).registry
    plugins = sorted((*starter.plugins, *extra.plugins), key=lambda p: (p.category, p.name))
    return Registry(str(REPO), tuple(plugins))


def queries() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((HERE / "queries.yaml").read_text("utf-8"))
    return data


def is_hit(query: dict[str, Any], skill: str, entry: str, error: str) -> bool:
    """The result names the expected skill and one of the expected entry markers."""
    if query["expect"] == "none":
        return False
    wanted = [(query["skill"], m) for m in query["expect"]]
    wanted += [(s, m) for s, m in query.get("also", [])]
    text = f"{entry}\n{error}".lower()
    return any(skill == s and m.lower() in text for s, m in wanted)
