"""Load and validate in one call: what every command starts from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import load_config
from .loader import LoadCache, LoadResult, load_registry
from .model import Registry
from .problems import Problem
from .progress import Progress
from .validate import validate

if TYPE_CHECKING:  # the client's copy of this module (vendor_build) has no build cache
    from .cache_store import CacheStore
    from .plugin_cache import PluginStore


@dataclass(frozen=True)
class Checked:
    load: LoadResult
    problems: list[Problem]

    @property
    def registry(self) -> Registry:
        return self.load.registry

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def failing_plugins(self) -> set[str]:
        """Folders (`plugins/<category>/<name>`) that have at least one error."""
        return {p.plugin_path for p in self.errors if p.plugin_path}

    def valid_registry(self) -> Registry:
        """The registry without plugins that have errors (for `build --skip-invalid`)."""
        bad = self.failing_plugins()
        names = {plugin.name for plugin in self.registry if plugin.path in bad}
        return self.registry.without(names)


def check_registry(
    root: Path,
    today: dt.date | None = None,
    plugin_cache: LoadCache | None = None,
    progress: Progress | None = None,
    store: CacheStore | None = None,
    stored: PluginStore | None = None,
) -> Checked:
    """Load and validate: the one set of rules `check`, `build`, `serve` and `marketplace` run.

    `progress` shows three phases: load (every file read and scanned for secrets), validate
    and the marketplace and visibility rules. With a `store` (the build cache), plugins
    whose files did not change are not parsed again (`plugin_cache`); `stored` instead is
    such a loader set up by the caller.
    """
    from .marketplace import marketplace_rules  # marketplace builds on the model too
    from .visibility import visibility_problems  # tomllib (3.11): not on the client's path

    progress = progress or Progress(quiet=True)
    with progress.phase("load", unit="plugins") as step:
        if stored is None and store is not None:
            from .plugin_cache import PluginStore

            stored = PluginStore(store)
        load = load_registry(root, plugin_cache, step, stored)
    with progress.phase("validate", total=len(load.registry), unit="plugins") as step:
        problems = validate(load, today, step)
    with progress.phase("rules"):
        rules = marketplace_rules(root, load.registry, load_config(root))
        rules += visibility_problems(root)
    return Checked(load, problems + rules)
