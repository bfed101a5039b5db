"""`llms.txt` (a size-bounded digest), `llms/<category>.txt` past the budget, `llms-full.txt`.

Claude Code's web fetch summarises long pages, so the digest must stay small and point one hop
away to each skill's Markdown: the SKILL.md the well-known index serves (`urls.skill_markdown`),
its references beside it. Every line carries the skill's top failure ("failure-first").
`llms-full.txt` (a convention, not the llms.txt spec) holds every skill in one file while that
stays under `FULL_BUDGET`; past it, a second copy of every skill's text would be most of the
site (about 110 MB at 10,000 generated skills) for a file no reader takes whole, so it only
points to `llms.txt`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import urls
from ..config import Config
from ..markdown import plain
from ..model import Plugin, Registry, Skill
from .skill_markdown import render_skill_markdown

BUDGET = 60_000
"""Bytes. Past this the digest lists categories instead of skills."""
FULL_BUDGET = 20_000_000
"""Bytes. Past this `llms-full.txt` points to `llms.txt` instead of holding every skill."""
LLMS = "llms.txt"
LLMS_FULL = "llms-full.txt"
DESCRIPTION_CHARS = 180
FAILURE_CHARS = 110


SkillMarkdown = Callable[[Plugin, Skill], str]
"""A skill's Markdown for `llms-full.txt`: `render_skill_markdown`'s text (say, from the build
cache: `skill_texts`)."""


def llms_files(
    registry: Registry,
    config: Config,
    budget: int = BUDGET,
    markdown: SkillMarkdown | None = None,
    over_budget: bool = False,
) -> dict[str, str]:
    """Site path -> text for `llms.txt`, any per-category digests and `llms-full.txt`
    (`llms_full_files`)."""
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
    files.update(llms_full_files(registry, config, markdown=markdown, over_budget=over_budget))
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
        "failures, then fetch the linked SKILL.md: the skill with its front matter, Failed "
        "Attempts and hyperparameters; its troubleshooting entries and experiment log are "
        "beside it, linked from it (`references/troubleshooting.md`, "
        "`references/experiment-log.md`). "
        f"Every skill in one file, while the registry is small enough: {full}"
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


def llms_full(registry: Registry, config: Config) -> str:
    """Every skill's Markdown, one after another, under an llms.txt-style header."""
    return llms_full_files(registry, config)[LLMS_FULL]


def llms_full_files(
    registry: Registry,
    config: Config,
    budget: int = FULL_BUDGET,
    markdown: SkillMarkdown | None = None,
    over_budget: bool = False,
) -> dict[str, str]:
    """`llms-full.txt` with every skill as one Markdown text (SKILL.md, then its references and
    script names: `markdown`, default `skill_markdown.render_skill_markdown`); past `budget`
    bytes, a short file that points to `llms.txt` instead. `over_budget`: the caller knows the
    skills' texts alone are past `budget` (none is read)."""
    if over_budget:
        return {LLMS_FULL: _pointer(registry, config, budget)}
    blocks: list[str] = []
    size = 0
    for plugin in (p for plugins in registry.categories.values() for p in plugins):
        for skill in plugin.skills:
            url = urls.absolute(config, urls.skill_markdown(skill.name))
            text = (
                markdown(plugin, skill)
                if markdown
                else render_skill_markdown(plugin, skill, config)
            )
            blocks.append(f"<!-- skill: {skill.name} ({url}) -->\n\n{text}".strip())
            size += len(blocks[-1].encode()) + 2
            if size > budget:
                return {LLMS_FULL: _pointer(registry, config, budget)}
    summary = _summary(config, len(blocks), len(registry.categories))
    whole = _full(config, summary, blocks)
    fits = len(whole.encode()) <= budget
    return {LLMS_FULL: whole if fits else _pointer(registry, config, budget)}


def _pointer(registry: Registry, config: Config, budget: int) -> str:
    """`llms-full.txt` of a registry too large for one file: where to read instead."""
    count = sum(len(p.skills) for p in registry)
    summary = _summary(config, count, len(registry.categories))
    note = (
        f"This registry is too large for one file ({budget / 1e6:,.0f} MB at most). "
        "Read llms.txt: it lists every skill (or, for a large registry, one digest per "
        "category), each line linking to the skill's SKILL.md."
    )
    link = f"- [llms.txt]({urls.absolute(config, LLMS)}): every skill, with its top failure"
    return _digest(config, summary, note, {"Docs": [link]})


def _full(config: Config, summary: str, blocks: list[str]) -> str:
    parts = [f"# {config.marketplace}", f"> {summary}", *blocks]
    return "\n\n".join(p.strip() for p in parts) + "\n"
