"""`feed.xml`: an Atom feed (RFC 4287) of skills added and updated, newest first.

Slack's `/feed subscribe <url>` and feed readers post each new entry id once, so an update
is its own entry (one per skill and UTC day), not a re-dated copy of the "added" entry.
Written with ElementTree (stdlib): it escapes text and attributes; feedgen would add lxml
for the same dozen elements. Everything shown is plain text, escaped, so author Markdown
cannot place markup in a reader.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .. import urls
from ..config import Config
from ..history import EPOCH, History, PluginHistory, iso
from ..markdown import plain
from ..model import Plugin, Registry

FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
"""Entries in the feed: readers keep what they have seen, the site keeps everything."""
FAILED_SHOWN = 3
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


@dataclass(frozen=True)
class Event:
    """One entry: a skill added, or changed on one day."""

    plugin: Plugin
    kind: str
    """`added` or `updated`."""
    when: dt.datetime
    authors: tuple[str, ...]


def feed_files(registry: Registry, config: Config, history: History) -> dict[str, str]:
    return {FEED: render_feed(registry, config, history)}


def events(registry: Registry, history: History) -> list[Event]:
    """Every addition and every day of changes, newest first (ties by skill name)."""
    found: list[Event] = []
    for plugin in registry:
        h = history.get(plugin.path)
        if plugin.skill is None or h is None:
            continue
        found.append(Event(plugin, "added", h.added, h.authors))
        found.extend(_update_events(plugin, h))
    return sorted(found, key=lambda e: (e.when, e.plugin.name, e.kind), reverse=True)


def _update_events(plugin: Plugin, h: PluginHistory) -> list[Event]:
    days: dict[dt.date, list[tuple[dt.datetime, str]]] = {}
    for change in h.changes:
        if change.when > h.added:
            days.setdefault(change.when.date(), []).append((change.when, change.author))
    return [
        Event(
            plugin,
            "updated",
            max(when for when, _ in changes),
            tuple(dict.fromkeys(a for _, a in sorted(changes, reverse=True) if a)),
        )
        for changes in days.values()
    ]


def render_feed(registry: Registry, config: Config, history: History, limit: int = LIMIT) -> str:
    ET.register_namespace("", ATOM)
    shown = events(registry, history)[:limit]
    feed = ET.Element(_tag("feed"))
    _text(feed, "id", config.site)
    _text(feed, "title", f"{config.marketplace}: new and updated skills")
    _text(feed, "subtitle", config.description)
    _text(feed, "updated", iso(max((e.when for e in shown), default=EPOCH)))
    _link(feed, urls.absolute(config, FEED), "self", "application/atom+xml")
    _link(feed, config.site, "alternate", "text/html")
    _author(feed, config.owner)
    generator = _text(feed, "generator", "site-gen")
    generator.set("uri", config.repo_url)
    for event in shown:
        _entry(feed, event, config)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def entry_id(config: Config, event: Event) -> str:
    """Stable per event: the skill's URL with `#added` or `#updated-YYYY-MM-DD`."""
    url = urls.absolute(config, urls.skill_page(_page(event.plugin)))
    suffix = "added" if event.kind == "added" else f"updated-{event.when.date().isoformat()}"
    return f"{url}#{suffix}"


def _entry(feed: ET.Element, event: Event, config: Config) -> None:
    plugin = event.plugin
    url = urls.absolute(config, urls.skill_page(_page(plugin)))
    entry = ET.SubElement(feed, _tag("entry"))
    _text(entry, "id", entry_id(config, event))
    verb = "New skill" if event.kind == "added" else "Updated"
    _text(entry, "title", f"{verb}: {_page(plugin)}")
    _text(entry, "updated", iso(event.when))
    if event.kind == "added":
        _text(entry, "published", iso(event.when))
    _link(entry, url, "alternate", "text/html")
    for name in event.authors or (config.owner,):
        _author(entry, name)
    ET.SubElement(entry, _tag("category"), {"term": plugin.category})
    _text(entry, "summary", plain(plugin.description))
    _text(entry, "content", _content(plugin, url)).set("type", "html")


def _content(plugin: Plugin, url: str) -> str:
    """The description, the newest failed attempts (tables grow downwards) and the link."""
    parts = [f"<p>{html.escape(plain(plugin.description))}</p>"]
    rows = plugin.failed_attempts[-FAILED_SHOWN:][::-1]
    if rows:
        items = "".join(
            f"<li><strong>{html.escape(plain(r.attempt))}</strong>: {html.escape(plain(r.why))}"
            f" (instead: {html.escape(plain(r.lesson))})</li>"
            for r in rows
        )
        count = len(plugin.failed_attempts)
        parts.append(f"<p>Newest failed attempts ({len(rows)} of {count}):</p><ul>{items}</ul>")
    parts.append(f'<p><a href="{html.escape(url)}">Read the skill</a></p>')
    return "".join(parts)


def _page(plugin: Plugin) -> str:
    return plugin.skill.name if plugin.skill else plugin.name


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = _NOT_XML.sub(" ", text)
    return element


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, _tag("link"), {"href": href, "rel": rel, "type": kind})


def _author(parent: ET.Element, name: str) -> None:
    author = ET.SubElement(parent, _tag("author"))
    _text(author, "name", name)
