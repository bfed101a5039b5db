# Copied from site_gen/search/registry_index.py by `site-gen marketplace`: edit that file.
"""A registry on disk -> its compact index, as `site-gen build --skip-invalid` publishes it.

What the plugin's client runs inside an installed `all-skills`, whose plugin root is the
registry: a copy of this module and of all it imports (`vendor_build.py`), under the
researcher's own `python3` (3.9+), so that a registry with no site (or one the laptop cannot
reach) still gets its failure hook and `/advise`. Plugins with errors are left out, as
`--skip-invalid` leaves them out; the registry-wide rules `check_registry` adds (the committed
marketplace file, the visibility setting) are not run: they stop a build, and say nothing about
whether a skill can be read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..loader import load_registry
from ..registry import Checked
from ..validate import validate
from .compact import compact_index


@dataclass(frozen=True)
class RegistryIndex:
    index: dict[str, Any]
    """The compact index, as `compact.compact_index` returns it (parts inline)."""
    left_out: list[str]
    """Plugin folders with errors, not indexed."""
    skills: int


def registry_index(root: Path, site_url: str, today: dt.date | None = None) -> RegistryIndex:
    """The index of the registry at `root`, its absolute URLs under `site_url`: the site the
    registry publishes to (`[tool.site-gen] site_url`, which `site-gen marketplace` writes as
    the `all-skills` homepage)."""
    load = load_registry(root)
    checked = Checked(load, validate(load, today))
    registry = checked.valid_registry()
    index = compact_index(registry, Config(site_url=site_url))
    skills = sum(len(plugin.skills) for plugin in registry)
    return RegistryIndex(index, sorted(checked.failing_plugins()), skills)
