"""A plugin whose Markdown tries every way to run script on the site (for render and browser tests)."""

from __future__ import annotations

from tests.conftest import plugin_files

NAME = "xss-probe"
PAYLOADS = r"""
Raw tags: <script>window.__xss = "script";</script>
<img src=x onerror="window.__xss = 'img'">

<div onmouseover="window.__xss = 'div'">hover me</div>

[a javascript link](javascript:window.__xss='link') and [mixed case](JaVaScRiPt:window.__xss='case')
and [reference][r] and ![image](javascript:window.__xss='image')

[r]: javascript:window.__xss='ref'

A paragraph with attributes {: onclick="window.__xss='attr'" }

<svg onload="window.__xss='svg'"></svg>

<iframe src="javascript:window.__xss='iframe'"></iframe>

## A heading <img src=x onerror="window.__xss='heading'"> in the table of contents

Attribute-list look-alikes in code stay text: `{: onclick="x"}` and `(?<![\w./])` too.

Safe code keeps its text: `<script>alert(1)</script>` and

```html
<script>window.__xss = "in code, shown as text";</script>
```
"""


def xss_plugin_files(category: str = "security") -> dict[str, str]:
    """Files of a valid plugin that carries the payloads in SKILL.md and its troubleshooting."""
    base = f"plugins/{category}/{NAME}"
    files = plugin_files(NAME, category)
    skill = f"{base}/skills/{NAME}/SKILL.md"
    files[skill] = (
        files[skill]
        .replace("## Hyperparameters", PAYLOADS + "\n## Hyperparameters")
        .replace("| Plain `GradScaler` |", "| <img src=x onerror=\"window.__xss='cell'\"> |")
    )
    files[f"{base}/references/troubleshooting.md"] = (
        "# Troubleshooting\n\n"
        "## `<img src=x onerror=alert(1)>` shown as text\n\n"
        "**Symptom:** <script>window.__xss='troubleshooting'</script>\n\n"
        "**Cause:** [link](javascript:window.__xss='ts-link')\n\n"
        "**Fix:** Escape it.\n"
    )
    return files
