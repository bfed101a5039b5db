"""Troubleshooting anywhere in a plugin's Markdown (`markdown_entries`), and errors quoted in
double quotes (`parse_troubleshooting.wholly_quoted`), read through the real loader from a
skill laid out as public skills are (`reference.md` beside SKILL.md, `docs/`, `assets/`)."""

from __future__ import annotations

import json
from pathlib import Path

from site_gen.loader import load_registry
from site_gen.model import Plugin
from site_gen.search.error_index import build_index, docs_for
from site_gen.search.hook_gate import confident_entries
from tests.conftest import MakeRegistry

SKILL = """---
name: router-client
description: "Query a hosted model router: keys, credits, rate limits"
---
# Router client

Call the router.

## Troubleshooting

### Insufficient Credits

**Error**: "Insufficient credits"

**Solution**: add credits on the account page, then retry.
"""
REFERENCE_MD = """# Reference

## Setup

Install the client.

## Troubleshooting

### Error: "Rate limit exceeded"

**Cause**: more than 20 requests a minute on the free tier.

**Solution**: wait 60 s, or batch the questions in one request.
"""
DOCS_MD = """# Streaming

## Common Issues

- **"StreamClosedError: stream closed by peer"**: raise `read_timeout` to 120.
"""
TEMPLATE_MD = """# Report

## Troubleshooting

- **"ValueError: report placeholder"**: fill in the placeholder.
"""


def files() -> dict[str, str]:
    base = "plugins/apis/router-client"
    manifest = {
        "name": "router-client",
        "version": "1.0.0",
        "description": "Model router client",
        "author": {"name": "A Researcher"},
        "skills": "./skills",
    }
    skill = f"{base}/skills/router-client"
    return {
        f"{base}/.claude-plugin/plugin.json": json.dumps(manifest) + "\n",
        f"{skill}/SKILL.md": SKILL,
        f"{skill}/reference.md": REFERENCE_MD,
        f"{skill}/docs/streaming.md": DOCS_MD,
        f"{skill}/assets/report.md": TEMPLATE_MD,
    }


def plugin_of(root: Path) -> Plugin:
    [plugin] = [p for p in load_registry(root).registry if p.category == "apis"]
    return plugin


def test_entries_of_other_markdown_keep_their_file_and_line(make_registry: MakeRegistry) -> None:
    plugin = plugin_of(make_registry(files()))
    entries = {e.title: e for e in plugin.all_troubleshooting}
    rate = entries['Error: "Rate limit exceeded"']
    assert rate.errors == ("Rate limit exceeded",)
    assert rate.source.path.endswith("skills/router-client/reference.md")
    assert rate.source.line == 9
    assert "batch the questions" in rate.fix
    stream = entries['"StreamClosedError: stream closed by peer"']
    assert stream.errors == ("StreamClosedError: stream closed by peer",)
    assert stream.source.path.endswith("skills/router-client/docs/streaming.md")
    assert stream.source.line == 5
    assert not any("placeholder" in title for title in entries)  # assets/: the skill's output


def test_other_markdown_is_parsed_once_and_kept(make_registry: MakeRegistry) -> None:
    plugin = plugin_of(make_registry(files()))
    kept = {
        ref.path.rsplit("/", 2)[-2] + "/" + ref.path.rsplit("/", 1)[-1] for ref in plugin.documents
    }
    assert kept == {"router-client/reference.md", "docs/streaming.md"}
    assert all(ref.document is not None for ref in plugin.documents)
    assert plugin.references == ()  # not shown as the plugin's references


def test_a_quoted_error_under_an_error_label_is_the_entry_s_error(
    make_registry: MakeRegistry,
) -> None:
    plugin = plugin_of(make_registry(files()))
    credits = next(e for e in plugin.all_troubleshooting if e.title == "Insufficient Credits")
    assert credits.errors == ("Insufficient credits",)
    assert credits.anchor == "error-insufficient-credits"  # as before: from the same words


def test_the_hook_links_a_logged_error_to_the_entry_in_reference_md(
    make_registry: MakeRegistry,
) -> None:
    registry = load_registry(make_registry(files())).registry
    output = (
        "Exit code 1\n"
        "2026-11-30 17:02:10,218 | INFO     | ask:14 - question 3/40\n"
        "2026-11-30 17:02:10,218 | ERROR    | ask:19 - Rate limit exceeded\n"
    )
    [match] = confident_entries(build_index(registry), output)
    [rate] = [d for p in registry for d in docs_for(p) if d.error == "Rate limit exceeded"]
    assert match.doc["url"] == rate.url == "skills/router-client/#error-rate-limit-exceeded"


def test_the_page_shows_the_entry_with_a_link_to_its_file_and_line(
    make_registry: MakeRegistry,
) -> None:
    from site_gen.config import load_config
    from site_gen.render.skill import render_skill_page

    root = make_registry(files())
    plugin, config = plugin_of(root), load_config(root)
    page = render_skill_page(plugin, plugin.skills[0], [], config, frozenset())
    heading = '### Error: "Rate limit exceeded" {#error-rate-limit-exceeded}'
    assert heading in page
    url = config.source_url("plugins/apis/router-client/skills/router-client/reference.md")
    assert url.startswith("https://")
    source = f"From [`skills/router-client/reference.md`, line 9]({url}#L9)"
    assert page.split(heading, 1)[1].lstrip().startswith(source)
    assert "From [`skills/router-client/SKILL.md`" not in page  # the page shows that file
