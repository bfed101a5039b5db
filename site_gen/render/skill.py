"""One skill -> its page's Markdown: the SKILL.md body made safe, plus what the site adds."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from .. import urls
from ..config import Config
from ..credit import slug
from ..history import PluginHistory, iso
from ..markdown import parse_document, plain
from ..model import Plugin, Reference, Registry, Skill, TroubleshootingEntry
from ..parse_skill import FAILED_HEADING
from .authors import display_name
from .paths import doc_path, link
from .safe import LinkFn, plain_attr, sanitize, sanitize_inline, sanitize_text
from .templates import render_template

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
FAILED_ANCHOR = "failed-attempts"
TROUBLESHOOTING_ANCHOR = "troubleshooting"
LOG_ANCHOR = "experiment-log"
RELATED_LIMIT = 6
MISSING_HREF = "#missing-file"
"""Where a link to a file the plugin does not have goes: nowhere, styled as broken
(registry.css), so the page says so instead of sending readers to a 404."""


@dataclass(frozen=True)
class Related:
    """A link to a related skill's page."""

    name: str
    href: str
    summary: str


def entry_page(plugin: Plugin, entry: TroubleshootingEntry) -> str:
    """Name of the skill whose page shows `entry`: its own skill, else the plugin's main one."""
    for skill in plugin.skills:
        if entry in skill.troubleshooting:
            return skill.name
    return plugin.skill.name if plugin.skill else plugin.name


def page_entries(plugin: Plugin, skill: Skill) -> tuple[TroubleshootingEntry, ...]:
    """The troubleshooting entries shown on `skill`'s page."""
    main = plugin.skill is not None and plugin.skill.name == skill.name
    return skill.troubleshooting + (plugin.troubleshooting if main else ())


def render_skill_page(
    plugin: Plugin,
    skill: Skill,
    related: list[Plugin],
    config: Config,
    registry_names: AbstractSet[str],
    history: PluginHistory | None = None,
) -> str:
    """The page at `urls.skill_page(skill.name)`; `history` adds who changed it last, when."""
    doc = doc_path(urls.skill_page(skill.name))
    main = plugin.skill is not None and plugin.skill.name == skill.name
    links = _repo_links(plugin, skill.path, doc, config, registry_names)
    body, placed = _body(skill, links)
    entries = [e for e in page_entries(plugin, skill) if e.anchor not in placed]
    references = [r for r in plugin.references if main and not _is_troubleshooting(r)]
    description = skill.description or plugin.description
    return render_template(
        "skill.md.j2",
        title=plain_attr(skill.title),
        title_md=sanitize_inline(plain(skill.title)),
        meta_description=plain_attr(plain(description))[:300],
        description=_indent(sanitize_text(description)),
        facts=_facts(plugin, skill, doc, config, history),
        install=f"/plugin install {plugin.name}@{config.marketplace}",
        failed_count=len(skill.failed_attempts),
        failed_anchor=FAILED_ANCHOR,
        body=body,
        entries=[_entry(e, plugin, config, doc, registry_names) for e in entries],
        troubleshooting_anchor=TROUBLESHOOTING_ANCHOR,
        references=[_reference(r, plugin, doc, config, registry_names) for r in references],
        log_anchor=LOG_ANCHOR,
        scripts=[
            (s.removeprefix(plugin.path + "/"), config.source_url(s))
            for s in (plugin.scripts if main else ())
        ],
        related=[
            Related(p.name, link(doc, urls.skill_page(_page_name(p))), _short(p.description))
            for p in related
        ],
    )


class RelatedIndex:
    """Plugins by tag and category, built once per registry, for each page's related skills.

    A plugin's related skills are the `RELATED_LIMIT` others sharing most of its keys (its
    category weighs 1, each tag 2), newest first, then by name. Common tags (a library half
    the registry uses) make nearly every pair of plugins share a key, so scoring pairs one by
    one made the site cost the registry's size squared (most of `render` at 3,000 skills).
    Here each key is a bitmask over the plugins in ranking order and a page's scores are
    added bit-sliced (one big-integer per bit of the score), so a page costs a few dozen
    whole-registry integer operations, done in C, 64 plugins a machine word.
    """

    def __init__(self, registry: Registry) -> None:
        self.order = sorted(
            (p for p in registry if p.skill), key=lambda p: (_negated(p.date), p.name)
        )
        self.bit = {p.name: 1 << i for i, p in enumerate(self.order)}
        self.masks: dict[str, list[int]] = {}
        """Key -> masks of the plugins it lists at least once, twice, ..."""
        for p in self.order:
            for key, count in Counter(_keys(p)).items():
                levels = self.masks.setdefault(key, [])
                levels += [0] * (count - len(levels))
                for level in range(count):
                    levels[level] |= self.bit[p.name]

    def related(self, plugin: Plugin) -> list[Plugin]:
        planes: list[int] = []  # planes[b]: the plugins whose score has bit b set
        candidates = 0
        for key in _keys(plugin):
            weight = 1 if key.startswith("category:") else 2
            for mask in self.masks.get(key, ()):
                candidates |= mask
                for b in range(weight.bit_length()):
                    if weight >> b & 1:
                        _add(planes, mask, b)
        candidates &= ~self.bit.get(plugin.name, 0)
        best: list[Plugin] = []
        while candidates and len(best) < RELATED_LIMIT:
            top = candidates
            for plane in reversed(planes):  # narrow to the highest score left
                if top & plane:
                    top &= plane
            candidates &= ~top
            while top and len(best) < RELATED_LIMIT:  # lowest bit first: newest, then name
                low = top & -top
                best.append(self.order[low.bit_length() - 1])
                top ^= low
        return best


def _add(planes: list[int], mask: int, bit: int) -> None:
    """Add 2**bit to the bit-sliced score of every plugin in `mask` (ripple carry)."""
    carry = mask
    while carry:
        while len(planes) <= bit:
            planes.append(0)
        planes[bit], carry = planes[bit] ^ carry, planes[bit] & carry
        bit += 1


def _keys(plugin: Plugin) -> list[str]:
    return [f"category:{plugin.category}", *(f"tag:{t}" for t in plugin.tags)]


def _negated(date: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date)


def _page_name(plugin: Plugin) -> str:
    return plugin.skill.name if plugin.skill else plugin.name


def _facts(
    plugin: Plugin, skill: Skill, doc: str, config: Config, history: PluginHistory | None
) -> list[tuple[str, str]]:
    """The page's fact table: (label, safe inline Markdown)."""

    def person(name: str) -> str:
        text = display_name(name)
        return f"[{text}]({link(doc, urls.author_page(slug(name)))})" if name.strip() else ""

    changed = contributors = ""
    if history is not None and history.from_git:
        who = f" by {person(history.updated_by)}" if history.updated_by.strip() else ""
        changed = iso(history.updated)[:10] + who
        others = [n for n in history.authors if slug(n) != slug(plugin.author)]
        contributors = ", ".join(person(n) for n in others)
    tag_links = " · ".join(f"[{t}]({link(doc, urls.tag_page(t))})" for t in plugin.tags)
    category = f"[{plugin.category}]({link(doc, urls.category_page(plugin.category))})"
    rows = [
        ("Category", category),
        ("Tags", tag_links),
        (
            "Author",
            person(plugin.author) if history is not None else sanitize_inline(plugin.author),
        ),
        ("Contributors", contributors),
        ("Date", sanitize_inline(skill.meta("date") or plugin.date)),
        ("Last changed", changed),
        ("Environment", sanitize_inline(skill.overview_value("environment", "hardware"))),
        ("Model", sanitize_inline(skill.overview_value("model"))),
        ("Version", sanitize_inline(plugin.version)),
        ("Source", f"[`{plugin.path}`]({config.source_url(plugin.path)})"),
    ]
    return [(label, value.replace("|", "\\|")) for label, value in rows if value.strip()]


def _body(skill: Skill, links: LinkFn) -> tuple[str, set[str]]:
    """SKILL.md body made safe: H1 dropped, Failed Attempts boxed, entry headings anchored."""
    raw = skill.body.split("\n")
    headings = {s.line - skill.body_line for s in skill.markdown.sections if s.level}
    lines = sanitize(skill.markdown, links).split("\n")
    anchors = {
        e.source.line - skill.body_line: e.anchor
        for e in skill.troubleshooting
        if e.source.path == skill.path
    }
    placed: set[str] = set()
    out: list[str] = []
    failed_level = 0
    dropped_h1 = False
    for i, line in enumerate(lines):
        match = _HEADING.match(raw[i]) if i in headings else None  # setext: left as written
        if match:
            level = len(match.group(1))
            if failed_level and level <= failed_level:
                failed_level = 0
            if level == 1 and not dropped_h1:
                dropped_h1 = True
                continue
            heading = _HEADING.match(line)
            text = heading.group(2) if heading else line.lstrip("# ")
            if not failed_level and FAILED_HEADING.search(plain(match.group(2))):
                failed_level = level
                out += [f"{'#' * level} {text} {{#{FAILED_ANCHOR}}}", ""]
                out.append('!!! failure "What did not work, and what to do instead"')
                continue
            if i in anchors:
                placed.add(anchors[i])
                line = f"{'#' * level} {text} {{#{anchors[i]}}}"
        out.append(("    " + line if line.strip() else "") if failed_level else line)
    return "\n".join(out).strip("\n"), placed


def _entry(
    entry: TroubleshootingEntry, plugin: Plugin, config: Config, doc: str, names: AbstractSet[str]
) -> dict[str, str]:
    links = _repo_links(plugin, entry.source.path, doc, config, names)
    title_plain = plain(entry.title)
    errors = [e for e in entry.errors if e.strip() and e.strip() != title_plain.strip()]
    return {
        "anchor": entry.anchor,
        "title": sanitize_inline(entry.title or "Error", links).replace("\n", " "),
        "errors": _fence("\n".join(errors), "text") if errors else "",
        "symptom": sanitize_text(entry.symptom, links).strip(),
        "cause": sanitize_text(entry.cause, links).strip(),
        "fix": sanitize_text(entry.fix, links).strip(),
        "source": _entry_source(entry, plugin, config),
    }


def _entry_source(entry: TroubleshootingEntry, plugin: Plugin, config: Config) -> str:
    """A link to the file and line an entry was read from, when the page does not show that
    file (a skill's `reference.md`, `docs/*.md`, its own `references/`: `markdown_entries`)."""
    path = entry.source.path
    shown = {ref.path for ref in plugin.references} | {s.path for s in plugin.skills}
    if path in shown or not path.startswith(plugin.path + "/"):
        return ""
    name = path.removeprefix(plugin.path + "/").replace("`", "")
    line = entry.source.line
    return f"From [`{name}`, line {line}]({config.source_url(path)}#L{line})"


def _reference(
    ref: Reference, plugin: Plugin, doc: str, config: Config, names: AbstractSet[str]
) -> dict[str, str]:
    links = _repo_links(plugin, ref.path, doc, config, names)
    text = _link_shown_entries(ref, plugin)
    document = parse_document(text)
    lines = sanitize(document, links).split("\n")
    headings = {s.line - 1 for s in document.sections if s.level}
    out: list[str] = []
    for i, line in enumerate(lines):
        match = _HEADING.match(line) if i in headings else None
        if match and len(match.group(1)) == 1 and not out:
            continue  # its H1 is the box title
        if match:
            line = "#" * min(6, len(match.group(1)) + 2) + " " + match.group(2)
        out.append(line)
    return {
        "title": sanitize_inline(ref.title).replace('"', "&quot;"),
        "path": ref.path.removeprefix(plugin.path + "/"),
        "source": config.source_url(ref.path),
        "text": _indent("\n".join(out).strip("\n")),
    }


def _link_shown_entries(ref: Reference, plugin: Plugin) -> str:
    """The reference with each section that is already a troubleshooting entry on this page
    (an experiment log's "Issue N" sections) replaced by a link to that entry."""
    shown = {e.source.line: e for e in plugin.troubleshooting if e.source.path == ref.path}
    if not shown:
        return ref.text
    lines = ref.markdown.lines
    sections = ref.markdown.sections
    cut: dict[int, tuple[int, str]] = {}  # first line -> (end line, replacement)
    for i, section in enumerate(sections):
        entry = shown.get(section.line)
        if entry is None or not section.level:
            continue
        end = next(
            (s.line for s in sections[i + 1 :] if s.level and s.level <= section.level),
            len(lines) + 1,
        )
        heading = lines[section.line - 1]
        cut[section.line] = (
            end,
            f"{heading}\n\nShown above: [symptom, cause and fix](#{entry.anchor}).\n",
        )
    out: list[str] = []
    number = 1
    while number <= len(lines):
        if number in cut:
            end, replacement = cut[number]
            out.append(replacement)
            number = end
        else:
            out.append(lines[number - 1])
            number += 1
    return "\n".join(out)


def _is_troubleshooting(ref: Reference) -> bool:
    return ref.path.endswith("/references/troubleshooting.md")


def _repo_links(
    plugin: Plugin, source: str, doc: str, config: Config, names: AbstractSet[str]
) -> LinkFn:
    """Rewrite links written relative to a file in the repo into links that work on the site."""

    def rewrite(dest: str) -> str:
        if not dest or dest.startswith("#") or _SCHEME.match(dest):
            return dest
        path, _, fragment = dest.partition("#")
        path = path.partition("?")[0]
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if resolved.startswith("..") or resolved.startswith("/"):
            return "#"
        if resolved == f"{plugin.path}/references/troubleshooting.md":
            return f"#{TROUBLESHOOTING_ANCHOR}"
        if resolved == f"{plugin.path}/references/experiment-log.md":
            return f"#{LOG_ANCHOR}"
        if resolved.startswith(plugin.path + "/") and not _exists(plugin, resolved):
            return MISSING_HREF
        parts = resolved.split("/")
        if parts[-1] == "SKILL.md" and len(parts) >= 2 and parts[-2] in names:
            page = urls.skill_page(parts[-2])
            return link(doc, page + (f"#{fragment}" if fragment else ""))
        return config.source_url(resolved) + (f"#{fragment}" if fragment else "")

    return rewrite


def _exists(plugin: Plugin, path: str) -> bool:
    """A file of the plugin, or a folder holding one."""
    return path in plugin.files or any(f.startswith(path + "/") for f in plugin.files)


def _fence(text: str, lang: str) -> str:
    ticks = max([3, *(len(m) + 1 for m in re.findall(r"`{3,}", text))])
    return f"{'`' * ticks}{lang}\n{text}\n{'`' * ticks}"


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in text.split("\n"))


def _short(text: str, limit: int = 160) -> str:
    flat = plain(text)
    cut = flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sanitize_inline(cut)
