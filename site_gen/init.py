"""`site-gen init`: make a fork of the template name its own registry, everywhere at once.

The registry's identity (repo, site URL, marketplace name, owner) is written in
`[tool.site-gen]` and repeated where a reader or Claude Code needs it literally: the
README's install lines, `.claude/settings.json`, the tooling skills (they work outside the
repo, so they carry URLs) and the generated marketplace. `init` rewrites each occurrence
of the old values; `placeholder_problems` is what `site-gen check` warns about (W701) while
the template's `your-org` is still there.

pyproject.toml is edited with tomlkit so its comments and layout stay as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from . import problems as P
from .config import Config, load_config
from .marketplace import RESERVED_MARKETPLACES, compare_marketplace, write_marketplace
from .registry import check_registry
from .validate import check_name

PLACEHOLDER = "your-org"
"""The template's stand-in GitHub owner."""
SETTINGS = ".claude/settings.json"
PYPROJECT = "pyproject.toml"
VISIBILITIES = ("public", "private")
_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
_URL = re.compile(r"https?://[^\s/]+(?:/\S*)?")
INIT_HINT = "run: site-gen init --repo ORG/NAME (rewrites every place that names the registry)"


class InitError(Exception):
    """A reason `init` refused, before anything was written."""


@dataclass
class InitResult:
    changed: list[str] = field(default_factory=list)
    """Registry-relative paths rewritten, in the order written."""
    marketplace: str = ""
    """What happened to the marketplace files (one line)."""


def identity(
    old: Config,
    repo: str,
    site_url: str | None = None,
    marketplace: str | None = None,
    owner: str | None = None,
) -> Config:
    """The new `[tool.site-gen]` values; InitError naming the bad one."""
    repo = repo.strip().removeprefix("https://github.com/").removesuffix(".git").strip("/")
    if not _REPO.fullmatch(repo):
        raise InitError(f"--repo '{repo}' is not a GitHub ORG/NAME, e.g. acme/ml-skills")
    org, name = repo.split("/")
    url = site_url or f"https://{org.lower()}.github.io/{name}/"
    if not _URL.fullmatch(url):
        raise InitError(f"--site-url '{url}' is not an http(s) URL")
    market = marketplace or old.marketplace
    why = check_name(market)
    if not why and market.lower() in RESERVED_MARKETPLACES:
        why = "is reserved for Anthropic's marketplaces"
    if why:
        raise InitError(f"--marketplace '{market}' {why}; e.g. --marketplace acme-ml-skills")
    return Config(
        marketplace=market,
        owner=(owner or old.owner).strip() or old.owner,
        description=old.description,
        repo=repo,
        site_url=url.rstrip("/") + "/",
        branch=old.branch,
    )


def init_registry(
    root: Path,
    repo: str,
    site_url: str | None = None,
    marketplace: str | None = None,
    owner: str | None = None,
    visibility: str | None = None,
) -> InitResult:
    """Rewrite every place that names the registry, then regenerate the marketplace."""
    pyproject = root / PYPROJECT
    if not pyproject.is_file():
        raise InitError(f"{pyproject}: no pyproject.toml (run from the registry's root)")
    if visibility is not None and visibility not in VISIBILITIES:
        raise InitError(f"--visibility must be one of {', '.join(VISIBILITIES)}")
    old = load_config(root)
    new = identity(old, repo, site_url, marketplace, owner)
    texts = {PYPROJECT: _pyproject(pyproject.read_text("utf-8"), new, visibility)}
    settings = root / SETTINGS
    texts[SETTINGS] = _settings(settings.read_text("utf-8") if settings.is_file() else "", old, new)
    for rel in managed_text_files(root):
        texts[rel] = rewrite((root / rel).read_text("utf-8"), old, new)
    result = InitResult()
    for rel, text in texts.items():
        path = root / rel
        if not path.is_file() or path.read_text("utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            result.changed.append(rel)
    checked = check_registry(root)
    if checked.errors:
        result.marketplace = "marketplace not regenerated: the registry has errors (see below)"
        return result
    sync = compare_marketplace(root, checked.registry, load_config(root))
    if sync.stale:
        write_marketplace(root, sync)
    result.marketplace = "wrote .claude-plugin/marketplace.json" if sync.stale else ""
    return result


def managed_text_files(root: Path) -> list[str]:
    """Files besides pyproject.toml and settings.json that quote the registry's identity."""
    found = ["README.md"] if (root / "README.md").is_file() else []
    tooling = root / "plugins" / "tooling"
    if tooling.is_dir():
        found += sorted(p.relative_to(root).as_posix() for p in tooling.rglob("SKILL.md"))
    docs = root / "docs"
    if docs.is_dir():
        found += sorted(p.relative_to(root).as_posix() for p in docs.rglob("*.md"))
    return found


def rewrite(text: str, old: Config, new: Config) -> str:
    """`text` with the old site URL, repo, clone folder and `@marketplace` replaced."""
    old_name, new_name = old.repo.split("/")[-1], new.repo.split("/")[-1]
    pairs = [
        (old.site, new.site),
        (old.site.rstrip("/"), new.site.rstrip("/")),
        (old.repo, new.repo),
        (f"~/{old_name}", f"~/{new_name}"),
        (f"./{old_name}", f"./{new_name}"),
        (f"@{old.marketplace}", f"@{new.marketplace}"),
    ]
    for before, after in pairs:
        if before != after:
            text = re.sub(re.escape(before) + r"(?![\w-])", after.replace("\\", "\\\\"), text)
    return text


def _pyproject(text: str, new: Config, visibility: str | None) -> str:
    doc = tomlkit.parse(text)
    tool = doc.setdefault("tool", tomlkit.table())
    table = tool.setdefault("site-gen", tomlkit.table())
    table.update(
        {
            "marketplace": new.marketplace,
            "owner": new.owner,
            "repo": new.repo,
            "site_url": new.site_url,
        }
    )
    if visibility is not None:
        table["visibility"] = visibility
    return tomlkit.dumps(doc)


def _settings(text: str, old: Config, new: Config) -> str:
    """`.claude/settings.json` offering the registry's marketplace; other keys kept."""
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise InitError(f"{SETTINGS}: invalid JSON ({exc}); fix it, then run init again") from None
    if not isinstance(data, dict):
        raise InitError(f"{SETTINGS}: not a JSON object; fix it, then run init again")
    markets = data.get("extraKnownMarketplaces")
    markets = dict(markets) if isinstance(markets, dict) else {}
    markets.pop(old.marketplace, None)
    markets[new.marketplace] = {"source": {"source": "github", "repo": new.repo}}
    data["extraKnownMarketplaces"] = markets
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def placeholder_problems(root: Path) -> list[P.Problem]:
    """W701 for each file that still names the template's `your-org` (first line, count)."""
    files = [PYPROJECT, SETTINGS, *managed_text_files(root)]
    found = []
    for rel in files:
        path = root / rel
        if not path.is_file():
            continue
        lines = path.read_text("utf-8", errors="replace").splitlines()
        hits = [n for n, line in enumerate(lines, 1) if PLACEHOLDER in line]
        if hits:
            more = f" (and {len(hits) - 1} more line(s))" if len(hits) > 1 else ""
            found.append(
                P.warning(
                    rel,
                    hits[0],
                    "W701",
                    f"still names the template's placeholder '{PLACEHOLDER}'{more}",
                    INIT_HINT,
                )
            )
    return found


def is_setup_problem(problem: P.Problem) -> bool:
    """W7xx: the registry's own setup. Shown by `check`, but not fatal under `--strict`:
    the author of a skill's pull request did not cause it and `init` fixes it at once."""
    return problem.code.startswith("W7")
