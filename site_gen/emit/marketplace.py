"""Registry + config -> Claude Code `marketplace.json`. Pure: returns text.

Two copies from one function. The repo copy (`.claude-plugin/marketplace.json`, read by
`/plugin marketplace add org/repo` or a clone) uses `./` sources. The site copy, added by
URL, cannot: Claude Code refuses relative sources in a URL-added catalog, so it points each
plugin into the git repo with a `git-subdir` source instead.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from .. import urls
from ..config import Config
from ..model import Plugin, Registry
from ..validate import TOOLING_CATEGORY

ALL_SKILLS = "all-skills"
"""The bundle entry: every skill of the registry in one install."""
REPO_PATH = ".claude-plugin/marketplace.json"
"""Where `claude plugin marketplace add <repo or clone>` reads the catalog."""
ROOT_PATH = "marketplace.json"
"""The seed's place for it: a committed symlink to `REPO_PATH`."""
SITE_PATH = "marketplace.json"
"""The site-hosted copy, at the site root."""
_GITHUB_REPO = re.compile(r"^[\w.-]+/[\w.-]+$")


def render_marketplace(registry: Registry, config: Config, *, hosted: bool = False) -> str:
    """The marketplace as deterministic JSON text (indent 2, trailing newline)."""
    return json.dumps(marketplace(registry, config, hosted=hosted), indent=2) + "\n"


def marketplace(registry: Registry, config: Config, *, hosted: bool = False) -> dict[str, Any]:
    """The marketplace document; `hosted` picks git sources for the site copy."""
    plugins = sorted(registry, key=lambda p: p.name)
    return {
        "name": config.marketplace,
        "owner": {"name": config.owner},
        "description": config.description,
        "plugins": [_all_skills(plugins, config, hosted)]
        + [_entry(p, config, hosted) for p in plugins],
    }


def skill_folders(registry: Registry) -> list[str]:
    """`./`-relative folder of every skill, sorted: the `all-skills` entry's `skills` list."""
    return sorted("./" + posixpath.dirname(s.path) for p in registry for s in p.skills)


def _all_skills(plugins: list[Plugin], config: Config, hosted: bool) -> dict[str, Any]:
    # No `version`: Claude Code then updates on every new commit, so new skills arrive.
    # `strict: false` makes this entry its own manifest, which is also why `./` (the repo
    # root) must not hold a plugin.json ("conflicting manifests").
    skills = sorted("./" + posixpath.dirname(s.path) for p in plugins for s in p.skills)
    tooling = (
        " with /advise and /retrospective"
        if any(p.category == TOOLING_CATEGORY for p in plugins)
        else ""
    )
    return {
        "name": ALL_SKILLS,
        "source": _repo_source(config) if hosted else "./",
        "description": (
            f"Every skill in {config.marketplace} ({len(skills)} skills) in one install{tooling}. "
            "Install this or single plugins, not both: skills would be listed twice."
        ),
        "author": {"name": config.owner},
        "homepage": config.site,
        "strict": False,
        "skills": skills,
    }


def _entry(plugin: Plugin, config: Config, hosted: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": plugin.name,
        "source": _plugin_source(plugin, config) if hosted else f"./{plugin.path}",
        "description": plugin.description,
    }
    # Claude Code's validator requires an entry's version to equal plugin.json's.
    if plugin.version:
        entry["version"] = plugin.version
    if plugin.author:
        entry["author"] = {"name": plugin.author}
    entry["category"] = plugin.category
    if plugin.tags:
        entry["keywords"] = list(plugin.tags)
    entry["homepage"] = urls.absolute(config, urls.skill_page(plugin.name))
    return entry


def _plugin_source(plugin: Plugin, config: Config) -> dict[str, str]:
    return {
        "source": "git-subdir",
        "url": git_url(config),
        "path": plugin.path,
        "ref": config.branch,
    }


def _repo_source(config: Config) -> dict[str, str]:
    return {"source": "url", "url": git_url(config), "ref": config.branch}


def git_url(config: Config) -> str:
    """A clone URL: GitHub's for `owner/name`, else the configured URL as is (file://, ssh)."""
    if _GITHUB_REPO.match(config.repo):
        return f"https://github.com/{config.repo}.git"
    return config.repo
