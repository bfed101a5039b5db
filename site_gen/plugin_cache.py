"""Loaded plugins kept in the build cache (`cache_store`), so that only changed plugins are
parsed and scanned again.

An entry is everything loading one plugin folder gives: the `Plugin`, the problems found
while reading it (the secret scan's among them, already masked), which files were kept as
text, and each Markdown file's relative links (what the link check needs without the
parse). Its key hashes the bytes and the name of every file and folder in the plugin, the
plugin's place (category and folder), and the code that loads it (`code_version` of the
loader and the link reader, and the parser libraries' versions). So any change to any file
of a plugin is a miss for that plugin only, and a miss loads it as before: a changed file is
always read, parsed and scanned for secrets again. The per-plugin rules, the links and the
registry-wide rules run on every check, on the models, as without a cache.

A plugin in which the secret scan finds anything is never cached (`SECRET_CODES`). A
plugin whose result could depend on more than its bytes is never cached either: a symlink in it
(where it leads is checked against the registry root), a special file, a name that is not
UTF-8, a file over the size limit, or one that cannot be read. An entry that cannot be read
back (damaged, written by other code) is a miss, and is written again.

Entries are pickles: they are written and read only by site-gen, in the registry's own
`.cache/site-gen` (or the folder `--cache` names), like the advise index's cache; CI
restores that folder only from the same repository's own runs.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path

import markdown_it
import mdit_py_plugins
import yaml

from . import problems as P
from .cache_store import CacheStore, digest
from .code_version import code_version
from .files import MAX_FILE_BYTES, FileReader
from .loader import LoadResult, load_plugin, load_registry
from .markdown import Document, parse_document
from .model import Plugin, Reference, Skill
from .validate.links import RelativeLinks, relative_links

FORMAT = "plugin-entry-1"
"""Part of every key: a new entry layout never meets an old one."""

SECRET_CODES = frozenset({"E900", "W900"})
"""The secret scan's findings (`secret_files`): a plugin with one is never stored, so its
value is not copied into the cache (which CI keeps and shards upload), and every run scans
it again."""

FileStates = tuple[tuple[str, int, int], ...]
"""(path, mtime_ns, size) of every file and folder read for the key."""


@dataclass(frozen=True)
class _Entry:
    plugin: Plugin
    """Skills and references leave their parse out (`__getstate__`): what is made of a parse
    has a cache of its own (`render_cache`, `emit.skill_texts`, `emit.plugin_parts`), so a
    plugin read back is parsed again only where something new is made of it."""
    problems: tuple[P.Problem, ...]
    texts: tuple[tuple[str, bool], ...]
    """(path, BOM removed) of every file loading kept as text: rebuilt from the bytes."""
    links: tuple[tuple[str, RelativeLinks], ...]
    """Relative links of every Markdown file of the plugin, by path."""


@dataclass
class PluginStore:
    """Loads plugin folders through the cache: `load` is `load_plugin` with a memory."""

    store: CacheStore
    links: dict[str, RelativeLinks] = field(default_factory=dict)
    """Relative links of the Markdown files of plugins loaded so far, by path."""
    hits: int = 0
    misses: int = 0

    def load(self, folder: Path, category: str, reader: FileReader) -> Plugin:
        """`load_plugin(folder, category, reader)`, from the cache when no byte changed."""
        rel = reader.rel(folder)
        read = _read_folder(folder)
        if read is None:  # never cached (module docstring): loaded as without a cache
            self.misses += 1
            return load_plugin(folder, category, reader)
        contents, states = read
        key = digest(_code(), category, rel, *(p for name, data in contents for p in (name, data)))
        plugin = self._hit(key, rel, dict(contents), reader)
        if plugin is not None:
            self.hits += 1
            return plugin
        self.misses += 1
        own = FileReader(reader.root)
        plugin = load_plugin(folder, category, own)
        links = _links(plugin, own.texts)
        texts = _text_sources(own.texts, rel, dict(contents))
        secret = any(problem.code in SECRET_CODES for problem in own.problems)
        if texts is not None and not secret and _states(folder, states) == states:
            entry = _Entry(plugin, tuple(own.problems), texts, tuple(sorted(links.items())))
            self._put(key, entry)
        _add(reader, own.problems, own.texts, plugin.files)
        self.links.update(links)
        return plugin

    def _hit(
        self, key: str, rel: str, contents: dict[str, bytes], reader: FileReader
    ) -> Plugin | None:
        data = self.store.get(key, count=False)
        if data is None:
            return None
        try:
            entry = pickle.loads(data)
            if not isinstance(entry, _Entry) or not isinstance(entry.plugin, Plugin):
                raise TypeError("not an entry")
            texts = {}
            for path, bom in entry.texts:
                text = contents[path.removeprefix(rel + "/")].decode("utf-8")
                texts[path] = text.removeprefix("\ufeff") if bom else text
        except Exception:  # any damage to an entry (or a class it names gone) is a miss
            self.store.discard(key, count=False)
            return None
        _add(reader, entry.problems, texts, entry.plugin.files)
        self.links.update(entry.links)
        return entry.plugin

    def _put(self, key: str, value: object) -> None:
        """Store `value`; a full or read-only disk leaves it out, the command goes on."""
        with contextlib.suppress(OSError):
            data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            self.store.put(key, data, count=False, level=1)  # level 1: written on each check


def load_through_cache(root: Path, store: CacheStore | None) -> LoadResult:
    """`load_registry(root)`, unchanged plugins from `store`, without their parses."""
    stored = PluginStore(store) if store is not None else None
    return load_registry(root, stored=stored)


@functools.cache
def _code() -> str:
    """The code and libraries that make an entry."""
    libraries = (
        f"markdown-it-py {markdown_it.__version__}",
        f"mdit-py-plugins {mdit_py_plugins.__version__}",
        f"PyYAML {yaml.__version__} libyaml {getattr(yaml, '__with_libyaml__', False)}",
    )
    modules = code_version("site_gen.loader", "site_gen.validate.links", __name__)
    return digest(FORMAT, modules, *libraries)


def _read_folder(folder: Path) -> tuple[list[tuple[str, bytes]], FileStates] | None:
    """Every file (its bytes) and folder (b"") under `folder` by relative path, sorted, and
    their states; None when the plugin is not cacheable (module docstring)."""
    if os.path.islink(folder):
        return None
    contents: list[tuple[str, bytes]] = []
    states: list[tuple[str, int, int]] = []
    pending = [(os.fspath(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return None
        folders = []
        for entry in entries:
            try:
                entry.name.encode("utf-8")
            except UnicodeEncodeError:
                return None
            name = prefix + entry.name
            if entry.is_symlink():
                return None
            if entry.is_dir(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                contents.append((name + "/", b""))
                states.append((name + "/", info.st_mtime_ns, info.st_size))
                folders.append((entry.path, name + "/"))
                continue
            if not entry.is_file(follow_symlinks=False):
                return None  # a FIFO, a socket, a device: never opened (a FIFO blocks)
            try:  # O_NONBLOCK: should one appear here meanwhile, opening it does not block
                with os.fdopen(os.open(entry.path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
                    info = os.fstat(handle.fileno())
                    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                        return None
                    contents.append((name, handle.read()))
            except OSError:
                return None
            states.append((name, info.st_mtime_ns, info.st_size))
        pending.extend(reversed(folders))
    return sorted(contents), tuple(sorted(states))


def _states(folder: Path, expected: FileStates) -> FileStates:
    """The states of the paths in `expected` now (a path gone or added shows as a change)."""
    found = []
    for name, _, _ in expected:
        try:
            info = os.lstat(os.path.join(folder, name))
        except OSError:
            return ()
        found.append((name, info.st_mtime_ns, info.st_size))
    count = sum(len(dirs) + len(files) for _, dirs, files in os.walk(folder))
    return tuple(found) if count == len(expected) else ()


def _links(plugin: Plugin, texts: dict[str, str]) -> dict[str, RelativeLinks]:
    """Relative links of every Markdown file of the plugin, read as `validate.links` reads
    them: from the model's parse where it holds one, else from a parse of the file."""
    held: dict[str, Document] = {}
    for item in _parsed_files(plugin):
        if item.document is not None:
            held[item.path] = item.document
    return {
        path: relative_links(held.get(path) or parse_document(text))
        for path, text in sorted(texts.items())
        if path.endswith(".md")
    }


def _text_sources(
    texts: dict[str, str], rel: str, contents: dict[str, bytes]
) -> tuple[tuple[str, bool], ...] | None:
    """(path, BOM removed) of each text, as `_hit` rebuilds it from the bytes; None when a
    text is not its file's bytes (the file changed while it was read)."""
    found = []
    for path, text in sorted(texts.items()):
        data = contents.get(path.removeprefix(rel + "/"))
        raw = None if data is None else data.decode("utf-8", "replace")
        if raw is None or text not in (raw, raw.removeprefix("\ufeff")):
            return None
        found.append((path, text != raw))
    return tuple(found)


def _parsed_files(plugin: Plugin) -> list[Skill | Reference]:
    return [*plugin.skills, *plugin.references, *plugin.documents]


def _add(
    reader: FileReader,
    problems: tuple[P.Problem, ...] | list[P.Problem],
    texts: dict[str, str],
    files: frozenset[str],
) -> None:
    reader.problems.extend(problems)
    reader.texts.update(texts)
    reader.files.update(files)
