"""Fixtures that write registries to disk: tests are data, the loader reads real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.chromium import launch

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
"""Screenshots the browser tests take, for a person to look at (gitignored)."""

GOOD_SKILL = """\
---
name: {name}
description: "LoRA fine-tuning in fp16 without NaN losses. Usage scenarios: (1) When the loss turns NaN after a few hundred steps in fp16, (2) When encountering 'Attempting to unscale FP16 gradients' errors. Verified on Llama-3-8B, A100 x4."
license: MIT
metadata:
  author: Test Author
  date: "2025-11-02"
---

# {name} - Research Notes

## Experiment Overview

| Item | Details |
|------|---------|
| **Date** | 2025-11-02 |
| **Researcher** | Test Author |
| **Model** | meta-llama/Meta-Llama-3-8B |

## Failed Attempts

| Attempt | Why it Failed | Lesson Learned |
|---------|---------------|----------------|
| fp16 with lr 3e-4 | Loss became `nan` at step 300 | Use bf16 or lr 1e-4 |
| Plain `GradScaler` | `ValueError: Attempting to unscale FP16 gradients.` | Keep master weights in fp32 |

## Hyperparameters

```yaml
learning_rate: 1e-4
lora_r: 16
```

See the [troubleshooting notes](../../references/troubleshooting.md).
"""

GOOD_TROUBLESHOOTING = """\
# Troubleshooting

## `ValueError: Attempting to unscale FP16 gradients.`

**Symptom:** The trainer crashes on the first optimizer step.

**Cause:** The LoRA adapters were created in fp16, so GradScaler refuses to unscale them.

**Fix:** Keep the trainable parameters in fp32.

```python
for p in model.parameters():
    if p.requires_grad:
        p.data = p.data.float()
```
"""


def plugin_files(name: str = "lora-fp16-nan", category: str = "training") -> dict[str, str]:
    """A complete, valid plugin's files, keyed by registry-relative path."""
    base = f"plugins/{category}/{name}"
    skill = GOOD_SKILL.format(name=name)
    description = skill.split('description: "', 1)[1].split('"\n', 1)[0]
    manifest = {
        "name": name,
        "version": "1.0.0",
        "description": description,
        "author": {"name": "Test Author"},
        "keywords": ["lora", "fp16"],
        "skills": "./skills",
    }
    return {
        f"{base}/.claude-plugin/plugin.json": json.dumps(manifest, indent=2) + "\n",
        f"{base}/skills/{name}/SKILL.md": skill,
        f"{base}/references/troubleshooting.md": GOOD_TROUBLESHOOTING,
    }


MakeRegistry = Callable[..., Path]


def copy_repo_files(target: Path, skip: tuple[str, ...] = ()) -> Path:
    """The repo's files as a clone or a fork has them (tracked and untracked, not ignored),
    symlinks kept, except paths starting with one of `skip`."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout.splitlines()
    for rel in listed:
        source = REPO / rel
        if (source.is_file() or source.is_symlink()) and not rel.startswith(skip):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel, follow_symlinks=False)
    return target


@pytest.fixture
def make_registry(tmp_path: Path) -> MakeRegistry:
    """Write `files` (path -> str or bytes) under a fresh registry root and return it."""

    def make(files: dict[str, str | bytes], root: Path | None = None) -> Path:
        root = root or tmp_path / "registry"
        (root / "plugins").mkdir(parents=True, exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content) if content.startswith("\n") else content)
        return root

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium for every browser test."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page; the test fails if the page throws a JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _hypothesis_profiles() -> None:
    """`make test` runs a bounded number of examples; HYPOTHESIS_PROFILE=long many more."""
    import os

    from hypothesis import settings

    settings.register_profile("bounded", max_examples=12, deadline=None)
    settings.register_profile("long", max_examples=500, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bounded"))


_hypothesis_profiles()
