"""Jinja templates for page Markdown, beside the code that fills them."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

_DIR = Path(__file__).parent


@cache
def _env() -> jinja2.Environment:
    # The output is Markdown, not HTML, so no HTML autoescape: every value a template gets
    # is already-safe Markdown (user text goes through `render.safe` before it gets here).
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_DIR),
        autoescape=False,
        # `{#id}` is attr_list syntax in these templates, not a Jinja comment.
        comment_start_string="{##",
        comment_end_string="##}",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_template(name: str, **values: Any) -> str:
    """Render `templates/<name>` with safe Markdown values; exactly one trailing newline."""
    return _env().get_template(name).render(**values).rstrip("\n") + "\n"
