"""`site-gen new`: a plugin folder from templates/experiment-skill-template/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from .validate import NAME, check_name

TEMPLATE = Path("templates") / "experiment-skill-template"
PLACEHOLDERS = ("EXPERIMENT_NAME", "CATEGORY", "AUTHOR_NAME", "DATE")


class ScaffoldError(Exception):
    """A reason `new` refused, written for the person who asked."""


def new_plugin(root: Path, spec: str, author: str, today: dt.date | None = None) -> Path:
    """Copy the template to plugins/<category>/<name>/ with its placeholders filled in."""
    category, _, name = spec.strip().strip("/").partition("/")
    if not name or "/" in name:
        raise ScaffoldError(f"expected CATEGORY/NAME, e.g. training/lora-fp16-nan, got '{spec}'")
    if not NAME.match(category):
        raise ScaffoldError(f"category '{category}' must be kebab-case, e.g. training")
    why = check_name(name)
    if why:
        raise ScaffoldError(f"name '{name}' {why}")
    template = root / TEMPLATE
    if not template.is_dir():
        raise ScaffoldError(f"no template at {TEMPLATE}/ under {root}")
    existing = sorted(root.glob(f"plugins/*/{name}"))
    if existing:
        raise ScaffoldError(f"a plugin named '{name}' exists: {existing[0].relative_to(root)}")
    values = {
        "EXPERIMENT_NAME": name,
        "CATEGORY": category,
        # JSON string escaping is also valid inside YAML double quotes: safe in both files.
        "AUTHOR_NAME": json.dumps(author.strip())[1:-1],
        "DATE": (today or dt.date.today()).isoformat(),
    }
    target = root / "plugins" / category / name
    target.parent.mkdir(parents=True, exist_ok=True)
    # Fill a sibling temp folder, then rename: a failure never leaves half a plugin.
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        staging = Path(tmp) / name
        shutil.copytree(template, staging)
        for path in sorted(staging.rglob("*"), reverse=True):
            renamed = path.with_name(_fill(path.name, values))
            if renamed != path:
                path.rename(renamed)
        for path in staging.rglob("*"):
            if path.is_file():
                path.write_text(_fill(path.read_text("utf-8"), values), "utf-8")
        staging.rename(target)
    return target


def _fill(text: str, values: dict[str, str]) -> str:
    for key in PLACEHOLDERS:
        text = text.replace(key, values[key])
    return text
