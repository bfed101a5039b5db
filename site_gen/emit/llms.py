"""`llms.txt` (a size-bounded digest), `llms/<category>.txt` past the budget, `llms-full.txt`.

Claude Code's web fetch summarises long pages, so the digest must stay small and point one hop
away to each skill's Markdown. Every line carries the skill's top failure ("failure-first").
"""

from __future__ import annotations

import re

from .. import urls
from ..config import Config
from ..markdown import plain
from ..model import Plugin, Registry, Skill
from .skill_markdown import skill_markdown_files

BUDGET = 60_000
"""Bytes. Past this the digest lists categories instead of skills."""
FULL_BUDGET = 20_000_000
"""Bytes. Past this `llms-full.txt` lists one full file per category (git and Pages refuse
single files of 100 MB; 10,000 skills make about 150 MB)."""
LLMS = "llms.txt"
LLMS_FULL = "llms-full.txt"
DESCRIPTION_CHARS = 180
FAILURE_CHARS = 110


def llms_files(
    registry: Registry,
    config: Config,
    markdown: dict[str, str] | None = None,
    budget: int = BUDGET,
) -> dict[str, str]:
    """Site path -> text for `llms.txt`, any per-category digests and `llms-full.txt`.

    `markdown` is `skill_markdown_files(...)` when the caller already rendered it.
    """
    lines = {
        category: [skill_line(p, s, config) for p in plugins for s in p.skills]
        for category, plugins in registry.categories.items()
    }
    count = sum(len(v) for v in lines.values())
    files: dict[str, str] = {}
    full = _digest(config, _summary(config, count, len(lines)), _intro(config), lines)
    if len(full.encode()) <= budget:
        files[LLMS] = full
    else:
        files.update(_split(registry, config, lines, budget))
    files.update(llms_full_files(registry, config, markdown))
    return files


def skill_line(plugin: Plugin, skill: Skill, config: Config) -> str:
    """`- [name](markdown url): short description. Top failure: few words`."""
    url = urls.absolute(config, urls.skill_markdown(skill.name))
    text = shorten(_lead(skill.description or plugin.description), DESCRIPTION_CHARS)
    if skill.failed_attempts:
        text += f" Top failure: {top_failure(skill)}"
    return f"- [{skill.name.replace(']', '')}]({url}): {text}".rstrip(": ")


def top_failure(skill: Skill) -> str:
    """The first Failed Attempts row in a few words: what was tried, then what happened."""
    row = skill.failed_attempts[0]
    attempt, why = plain(row.attempt), plain(row.why)
    text = f"{attempt} -> {why}" if attempt and why else attempt or why
    return shorten(text, FAILURE_CHARS)


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word boundary with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:(-")
    return cut + "…"


def _lead(description: str) -> str:
    """What the skill is, without its usage-scenario list (the Markdown file has it)."""
    head = re.split(r"\s*(?:Usage scenarios?|Use (?:it )?when)\s*:", description, maxsplit=1)[0]
    return head.strip() or description


def _summary(config: Config, skills: int, categories: int) -> str:
    what = config.description.rstrip(".")
    return f"{what}. {skills} skills in {categories} categories."


def _intro(config: Config) -> str:
    full = urls.absolute(config, LLMS_FULL)
    return (
        "Before planning an experiment, read what the team already learned. In the registry "
        'repository run `site-gen advise "<your plan>"` (or `/advise <your plan>` in Claude Code) '
        "to rank skills for a plan. Otherwise pick skills below by their descriptions and top "
        "failures, then fetch the linked Markdown: one file per skill with its front matter, "
        "Failed Attempts, hyperparameters, troubleshooting, experiment log and script names. "
        f"Every skill in one file: {full}"
    )


def _digest(config: Config, summary: str, intro: str, sections: dict[str, list[str]]) -> str:
    parts = [f"# {config.marketplace}", f"> {summary}", intro]
    for title, lines in sections.items():
        if lines:
            parts.append(f"## {title}\n\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _split(
    registry: Registry, config: Config, lines: dict[str, list[str]], budget: int
) -> dict[str, str]:
    """A category index in `llms.txt`, each category (or its parts) in `llms/`."""
    files: dict[str, str] = {}
    index: list[str] = []
    for category, cat_lines in lines.items():
        summary = f"{config.marketplace}: the {len(cat_lines)} skills in {category}."
        parts = _pack(config, summary, category, cat_lines, budget)
        for i, part in enumerate(parts, 1):
            path = category_digest(category, i if len(parts) > 1 else 0)
            files[path] = _digest(config, part[0], _intro(config), {category: part[1]})
            names = ", ".join(_names(part[1])[:3])
            label = f"{category} ({i}/{len(parts)})" if len(parts) > 1 else category
            index.append(
                f"- [{label}]({urls.absolute(config, path)}): {len(part[1])} skills, e.g. {names}"
            )
    count = sum(len(v) for v in lines.values())
    summary = _summary(config, count, len(lines))
    intro = _intro(config) + " This registry is large: each link below is one category's digest."
    text = _digest(config, summary, intro, {"Categories": index})
    if len(text.encode()) > budget:  # hundreds of categories: drop the examples
        index = [line.split(", e.g. ")[0] for line in index]
        text = _digest(config, summary, intro, {"Categories": index})
    files[LLMS] = text
    return files


def _pack(
    config: Config, summary: str, category: str, lines: list[str], budget: int
) -> list[tuple[str, list[str]]]:
    """Split one category's lines into parts whose digests fit the budget."""
    overhead = len(_digest(config, summary + " Part 99 of 99.", _intro(config), {category: []}))
    overhead += len(f"## {category}\n\n") + 64
    parts: list[list[str]] = [[]]
    size = overhead
    for line in lines:
        cost = len(line.encode()) + 1
        if parts[-1] and size + cost > budget:
            parts.append([])
            size = overhead
        parts[-1].append(line)
        size += cost
    if len(parts) == 1:
        return [(summary, parts[0])]
    return [(f"{summary} Part {i} of {len(parts)}.", p) for i, p in enumerate(parts, 1)]


def _names(lines: list[str]) -> list[str]:
    return [line[3 : line.index("]")] for line in lines]


def category_digest(category: str, part: int = 0) -> str:
    """Site path of a category's digest (`part` > 0 when the category is split)."""
    return f"llms/{category}-{part}.txt" if part else f"llms/{category}.txt"


def llms_full(registry: Registry, config: Config, markdown: dict[str, str] | None = None) -> str:
    """Every skill's Markdown, one after another, under an llms.txt-style header."""
    return llms_full_files(registry, config, markdown)[LLMS_FULL]


def llms_full_files(
    registry: Registry,
    config: Config,
    markdown: dict[str, str] | None = None,
    budget: int = FULL_BUDGET,
) -> dict[str, str]:
    """`llms-full.txt` with every skill's Markdown; past `budget` bytes, one file per category
    (`llms-full/<category>.txt`, in parts if one category passes it) that it lists instead."""
    files = markdown if markdown is not None else skill_markdown_files(registry, config)
    blocks: dict[str, list[str]] = {}
    for category, plugins in registry.categories.items():
        for plugin in plugins:
            for skill in plugin.skills:
                path = urls.skill_markdown(skill.name)
                url = urls.absolute(config, path)
                block = f"<!-- skill: {skill.name} ({url}) -->\n\n{files[path]}".strip()
                blocks.setdefault(category, []).append(block)
    count = sum(len(b) for b in blocks.values())
    summary = _summary(config, count, len(registry.categories))
    whole = _full(config, summary, [b for plugin_blocks in blocks.values() for b in plugin_blocks])
    if len(whole.encode()) <= budget:
        return {LLMS_FULL: whole}
    out: dict[str, str] = {}
    index: list[str] = []
    for category, cat_blocks in blocks.items():
        parts: list[list[str]] = [[]]
        size = 0
        for block in cat_blocks:
            cost = len(block.encode()) + 2
            if parts[-1] and size + cost > budget - 1024:
                parts.append([])
                size = 0
            parts[-1].append(block)
            size += cost
        for i, part in enumerate(parts, 1):
            path = f"llms-full/{category}" + (f"-{i}.txt" if len(parts) > 1 else ".txt")
            label = f"{category} ({i}/{len(parts)})" if len(parts) > 1 else category
            out[path] = _full(config, f"{config.marketplace}: {len(part)} skills in {label}.", part)
            index.append(f"- [{label}]({urls.absolute(config, path)}): {len(part)} skills")
    note = "Too large for one file: each link below holds one category's skills in full."
    out[LLMS_FULL] = _digest(config, summary, note, {"Categories": index})
    return out


def _full(config: Config, summary: str, blocks: list[str]) -> str:
    parts = [f"# {config.marketplace}", f"> {summary}", *blocks]
    return "\n\n".join(p.strip() for p in parts) + "\n"
