"""The fixes the error lookup shows: Markdown rendered like the pages, then sanitized."""

from __future__ import annotations

import yaml

from site_gen.render.fix_html import EXTENSIONS, render_fix
from tests.conftest import REPO

FIX = """\
Pin the client and restart:

1. `pip install "trl==0.9.6"`
2. See [the release notes](https://example.com/notes) or [mail us](mailto:ml@example.com).

```bash
export VLLM_SKIP_WEIGHT_SYNC=1
```

[bad](javascript:alert(1)) [data](data:text/html,x) [local](../other/SKILL.md)
<img src=x onerror=alert(1)> <script>alert(2)</script>
"""


def test_lists_code_and_safe_links_survive() -> None:
    html = render_fix(FIX)
    assert "<ol>" in html and html.count("<li>") == 2
    assert '<div class="highlight"><pre>' in html and "VLLM_SKIP_WEIGHT_SYNC" in html
    assert '<code>pip install "trl==0.9.6"</code>' in html.replace("&quot;", '"')
    assert 'href="https://example.com/notes"' in html
    assert 'href="mailto:ml@example.com"' in html


def test_nothing_runs_and_only_web_links_stay() -> None:
    html = render_fix(FIX)
    assert "onerror" not in html and "src=" not in html
    assert "<script" not in html and "alert(2)" not in html
    assert "javascript:" not in html and "data:text" not in html
    assert "other/SKILL.md" not in html  # relative to the skill page, wrong on /errors/


def test_a_long_fix_is_cut_between_lines_with_its_fence_closed() -> None:
    html = render_fix("```python\n" + "x = 1\n" * 1000 + "```\n")
    assert html.count("<pre>") == 1 and html.rstrip().endswith("<p>\u2026</p>")
    assert len(html) < 60_000


def test_extensions_are_the_sites() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    site: dict[str, object] = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        site[name] = options or {}
    site.pop("toc")  # headings in a fix need no permalinks
    assert site == EXTENSIONS


def test_code_is_highlighted_as_on_the_pages_whether_or_not_mkdocs_ran() -> None:
    """The pages' lexers (`pygments_reuse`: no `<span>` around plain names) for fixes too,
    also in a process where MkDocs has not installed them (lookup, an emit before MkDocs)."""
    from site_gen import pygments_reuse

    code = "```python\nfor p in model.parameters():\n    p.data = p.data.float()\n```\n"
    pygments_reuse.uninstall()
    render_fix.cache_clear()
    html = render_fix(code)
    assert '<span class="k">for</span> p <span class="ow">in</span> model' in html
    assert 'class="n"' not in html
