"""The registry's identity, read from `[tool.site-gen]` in the root's pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path


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

    @property
    def site(self) -> str:
        """The site URL with exactly one trailing slash."""
        return self.site_url.rstrip("/") + "/"

    @property
    def repo_url(self) -> str:
        return f"https://github.com/{self.repo}"

    def source_url(self, path: str) -> str:
        return f"{self.repo_url}/tree/{self.branch}/{path}"


def load_config(root: Path) -> Config:
    """`[tool.site-gen]` of `root/pyproject.toml`; defaults for what it leaves out."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return Config()
    table = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("site-gen", {})
    known = {f.name for f in fields(Config)}
    return Config(**{k.replace("-", "_"): str(v) for k, v in table.items() if k in known})
