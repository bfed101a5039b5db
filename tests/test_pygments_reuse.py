"""Shared Pygments lexers and formatters give the same HTML as a new pair per code block."""

from __future__ import annotations

import re
from importlib import metadata

import markdown
import yaml

from site_gen import pygments_reuse
from tests.conftest import REPO

PAGE = """# Code

```python
def f(x):
    return x + 1
```

```python hl_lines="2" title="train.py"
import torch
loss = model(x)
```

```bash
torchrun --nproc_per_node 4 train.py
```

```nosuchlanguage
plain text
```

Inline `#!python print("hi")` and a plain `span`.

```python
def g(): pass
```
"""


def _convert(text: str) -> str:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        names.append(name)
        if isinstance(item, dict):
            settings[name] = item[name]
    return markdown.Markdown(extensions=names, extension_configs=settings).convert(text)


def test_shared_lexers_and_formatters_give_identical_html() -> None:
    pygments_reuse.uninstall()
    fresh = [_convert(PAGE), _convert(PAGE.replace("x + 1", "x * 2"))]
    try:
        assert pygments_reuse.install()
        shared = [_convert(PAGE), _convert(PAGE.replace("x + 1", "x * 2"))]
    finally:
        pygments_reuse.uninstall()
    # The same HTML, but for what Material shows as plain text written without a `<span>`
    # (runs of spaces, names), neighbouring plain text joined.
    assert 'class="w"' in fresh[0] and 'class="n"' in fresh[0]
    plain = r'<span class="(?:w|n)">([^<]*)</span>'
    assert shared == [re.sub(plain, r"\1", html) for html in fresh]
    assert 'class="hll"' in fresh[0] and "train.py" in fresh[0]


def test_the_patch_is_pinned_to_the_checked_version() -> None:
    """On a new pymdown-extensions: re-read pymdownx/highlight.py (the names `install`
    replaces, and that formatters and lexers are still built per block), then move PINNED."""
    assert metadata.version("pymdown-extensions") == pygments_reuse.PINNED
