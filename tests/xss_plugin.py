"""A plugin whose Markdown tries every way to run script on the site (for render and browser tests)."""

from __future__ import annotations

import json

from tests.conftest import GOOD_SKILL

NAME = "xss-probe"
PAYLOADS = """
Raw tags: <script>window.__xss = "script";</script>
<img src=x onerror="window.__xss = 'img'">

<div onmouseover="window.__xss = 'div'">hover me</div>

[a javascript link](javascript:window.__xss='link') and [mixed case](JaVaScRiPt:window.__xss='case')
and [reference][r] and ![image](javascript:window.__xss='image')

[r]: javascript:window.__xss='ref'

A paragraph with attributes {: onclick="window.__xss='attr'" }

<svg onload="window.__xss='svg'"></svg>

<iframe src="javascript:window.__xss='iframe'"></iframe>

Safe code keeps its text: `<script>alert(1)</script>` and

```html
<script>window.__xss = "in code, shown as text";</script>
```
"""


def xss_plugin_files(category: str = "security") -> dict[str, str]:
    """Files of a valid plugin that carries the payloads in SKILL.md and its troubleshooting."""
    base = f"plugins/{category}/{NAME}"
    skill = GOOD_SKILL.format(name=NAME).replace(
        "## Hyperparameters", PAYLOADS + "\n## Hyperparameters"
    )
    skill = skill.replace(
        "| Plain `GradScaler` |", "| <img src=x onerror=\"window.__xss='cell'\"> |"
    )
    description = skill.split('description: "', 1)[1].split('"\n', 1)[0]
    manifest = {
        "name": NAME,
        "version": "1.0.0",
        "description": description,
        "author": {"name": "Test Author"},
        "keywords": ["security", "fp16"],
        "skills": "./skills",
    }
    troubleshooting = (
        "# Troubleshooting\n\n"
        "## `<img src=x onerror=alert(1)>` shown as text\n\n"
        "**Symptom:** <script>window.__xss='troubleshooting'</script>\n\n"
        "**Cause:** [link](javascript:window.__xss='ts-link')\n\n"
        "**Fix:** Escape it.\n"
    )
    return {
        f"{base}/.claude-plugin/plugin.json": json.dumps(manifest, indent=2) + "\n",
        f"{base}/skills/{NAME}/SKILL.md": skill,
        f"{base}/references/troubleshooting.md": troubleshooting,
    }
