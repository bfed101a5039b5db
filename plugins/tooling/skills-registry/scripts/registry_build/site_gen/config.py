# Copied from site_gen/config.py by `site-gen marketplace`: edit that file.
"""The registry's identity, read from `[tool.site-gen]` in the root's pyproject.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

VISIBILITIES = ("public", "private")
"""`visibility` values: who may read the published site (README, "Deploy your own registry")."""


@dataclass(frozen=True)
class Config:
    marketplace: str = "skills-registry"
    """Marketplace name: what users type after `@` in `/plugin install all-skills@<name>`."""
    owner: str = "ML Research Team"
    description: str = "Experiment skills recorded by the team with /retrospective."
    repo: str = "your-org/skills-registry"
    """GitHub `owner/name`: `/plugin marketplace add <repo>` and source links."""
    site_url: str = "https://your-org.github.io/skills-registry/"
    branch: str = "main"
    visibility: str = ""
    """"public" or "private"; "" when unset (`site-gen check` asks for it: W802).
    `site_gen.visibility` validates it; a private build tells crawlers to stay out."""
    build_shards: str = "1"
    """How many jobs the deploy workflow renders pages in (`site-gen build --shard I/N`)."""
    search_bundles: str = "auto"
    """How many Pagefind bundles the skill pages are indexed in ("auto": one per 2,000)."""

    @property
    def site(self) -> str:
        """The site URL with exactly one trailing slash."""
        return self.site_url.rstrip("/") + "/"

    @property
    def private(self) -> bool:
        return self.visibility == "private"

    @property
    def repo_url(self) -> str:
        return f"https://github.com/{self.repo}"

    def source_url(self, path: str) -> str:
        return f"{self.repo_url}/tree/{self.branch}/{path}"


class ConfigError(Exception):
    """pyproject.toml cannot be read; the message is a compiler-style problem line."""


def load_config(root: Path) -> Config:
    """`[tool.site-gen]` of `root/pyproject.toml`; defaults for what it leaves out."""
    import tomllib  # Python 3.11: here, so the plugin's client (3.9+) can import `Config`

    path = root / "pyproject.toml"
    if not path.is_file():
        return Config()
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        line = getattr(exc, "lineno", 0) or _toml_line(str(exc))
        raise ConfigError(
            f"pyproject.toml:{line}: E010 error: cannot read [tool.site-gen]: {exc}\n"
            "    hint: fix the TOML (a quote or bracket left open?); "
            '`python3 -c \'import tomllib; tomllib.load(open("pyproject.toml", "rb"))\'` checks it'
        ) from None
    tool = document.get("tool", {})
    table = tool.get("site-gen", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError("pyproject.toml:0: E011 error: [tool.site-gen] must be a table")
    known = {f.name for f in fields(Config)}
    return Config(**{k.replace("-", "_"): str(v) for k, v in table.items() if k in known})


def _toml_line(message: str) -> int:
    """tomllib puts the position in its message: `(at line 3, column 7)`."""
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else 0
