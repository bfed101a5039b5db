"""Each plugin's share of the emitted files, computed once per plugin content and kept in the
build cache: after one edit, emitting tokenises and renders one plugin, not the registry.

A plugin's share (`PluginParts`) is what the emitters compute from that plugin alone and
what costs: its error index documents tokenised (`error_index.index_doc`), its fixes rendered
to HTML (`render_fix`), its skills as the client index lists them (`compact.skill_entry`).
The files that list every plugin (the error index's buckets and term shards, the client
index and its parts) are then assembled from the shares by the emitters themselves, so the
bytes are the same with the cache, without it, and cold. The per-skill Markdown, `llms.txt`
and the feed are cheap (a few seconds at 10,000 skills together) and are not cached.

The key of a share is its plugin's folder and content hash, the site config and the
versions of what renders a fix, and the source of the modules that load a plugin and
compute a share (`code_version`): an edit to an unrelated part of site-gen (a page
template, the CLI) keeps the shares.

`lookup` reads only the error documents and `advise` only the skill records: with no share
stored, each computes and stores just its own part (a share with parts `absent`), since the
fixes' HTML and the skill records cost more than the error documents (two thirds of a cold
`lookup` at 1,000 skills when it computed whole shares). Whoever wants an absent part later
(the build wants all) computes it and stores the share completed, keeping the parts stored.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from ..cache_store import CacheStore, digest
from ..code_version import code_version
from ..config import Config
from ..model import Plugin, Registry
from ..render.fix_html import render_fix
from ..search.compact import SkillRecords, plugin_records
from ..search.error_index import Doc, IndexedDoc, PluginTerms, docs_for, index_doc
from .shared_values import SharedValues

FORMAT = 5
"""Entry format; part of every key. 3: one JSON line per part (`PARTS`), read alone;
4: the share's error digest, a line of its own; 5: a part may be absent (null)."""
PARTS = ("errors", "fixes", "skills", "error_digest")
"""The parts of a share, in the order of its lines: `lookup` reads only the first, `advise`
only the third (`index_cache`); the build reads all but the first (`BUILD_READS`), and the
first only when the files made from the error documents are not in its cache
(`fill_error_terms`)."""
BUILD_READS = ("fixes", "skills", "error_digest")
PRODUCERS = ("site_gen.loader", __name__)
"""The modules whose source (with their imports') keys a share."""
PACKAGES = ("markdown", "pymdown-extensions", "pygments", "nh3")
"""Installed versions that can change a fix's HTML."""


@dataclass
class PluginParts:
    """What the emitters need of one plugin, JSON-ready."""

    errors: list[IndexedDoc]
    """Its error index documents, tokenised, in order."""
    fixes: dict[str, str]
    """Its documents' fixes: Markdown -> HTML."""
    skills: list[dict[str, Any]]
    """Its skills as the client index lists them."""
    error_digest: str = ""
    """A hash of `errors` and `fixes`: what the error index reads of the plugin
    (`error_memo`); "" when not known."""
    absent: frozenset[str] = frozenset()
    """Parts not here, their fields empty: not computed (a share `lookup` or `advise`
    stored) or not read (`decode`'s `want`)."""


@dataclass
class EmitParts:
    """Every plugin's share, in the forms the emitters take."""

    error_terms: PluginTerms = field(default_factory=dict)
    skill_records: SkillRecords | None = None
    """None: `compact_index` keeps its own, in memory."""
    fixes: dict[str, str] = field(default_factory=dict)
    error_digests: list[str] | None = None
    """Every plugin's `PluginParts.error_digest`, in registry order; None without a store
    or when a plugin has none."""
    shared: SharedValues = field(default_factory=SharedValues)
    """Every share is held until the indexes are assembled: equal values stored once."""


def fix_markdown(doc: Doc) -> str:
    """The Markdown of a document's fix, whole (its `fix` is cut for the CLI)."""
    return dict(doc.fields).get("fix", doc.fix)


def plugin_parts(
    plugin: Plugin,
    config: Config,
    want: Collection[str] = PARTS,
    known: PluginParts | None = None,
) -> PluginParts:
    """One plugin's share: the parts in `want` and those they are made from, computed, and
    the other parts of `known` (the share stored, with parts absent) kept."""
    have = set(PARTS) - known.absent if known is not None else set()
    need = set(want) - have
    if "error_digest" in need:
        need.add("fixes")  # the digest hashes the errors and the fixes
    if "fixes" in need:
        need.add("errors")  # the fixes are the errors'
    need -= have
    parts = known or PluginParts([], {}, [], absent=frozenset(PARTS))
    errors, fixes, skills = parts.errors, parts.fixes, parts.skills
    if "errors" in need:
        errors = [index_doc(doc) for doc in docs_for(plugin)]
    if "fixes" in need:
        fixes = {fix: render_fix(fix) for fix in (fix_markdown(item.doc) for item in errors)}
    if "skills" in need:
        skills = plugin_records(plugin, config)
    error_digest = parts.error_digest
    if "error_digest" in need:
        error_digest = digest(_dump({"errors": _errors_json(errors), "fixes": fixes}))
    absent = frozenset(PARTS) - have - need
    return PluginParts(errors, fixes, skills, error_digest, absent)


def emit_parts(
    registry: Registry,
    config: Config,
    store: CacheStore | None = None,
    error_terms: PluginTerms | None = None,
    want: Collection[str] = PARTS,
    each: Callable[[Plugin], None] | None = None,
) -> EmitParts:
    """Every plugin's share from `store`, or computed and put in it. Without a store the
    emitters compute what they need (each plugin tokenised once: `error_terms`, what
    `serve` keeps, is shared by both indexes). `want`: the parts read from the store (the
    others are left empty). `each` is called with every plugin once its share is taken:
    the build emits its per-skill files then, and lets go of its parses."""
    parts = EmitParts({} if error_terms is None else error_terms)
    if store is not None:
        parts.skill_records, parts.error_digests = {}, []
    base = _base_key(config) if store is not None else ""
    for plugin in registry:
        if store is not None:
            _add_share(parts, plugin, config, store, base, want)
        if each is not None:
            each(plugin)
    return parts


def _add_share(
    parts: EmitParts,
    plugin: Plugin,
    config: Config,
    store: CacheStore,
    base: str,
    want: Collection[str],
) -> None:
    key = (plugin.path, plugin.content_hash)
    if not plugin.content_hash:
        parts.error_digests = None
        return  # nothing to key it by: the emitters compute it
    entry = digest(base, plugin.path, plugin.category, plugin.content_hash)
    share, made = _share(store, entry, plugin, config, want)
    share = parts.shared.share(share)
    if "errors" in want or (made and "errors" not in share.absent):
        parts.error_terms.setdefault(key, share.errors)  # made: kept, not read back later
    if "skills" in want and parts.skill_records is not None:
        parts.skill_records[key] = share.skills
    parts.fixes.update(share.fixes)
    if parts.error_digests is not None and share.error_digest:
        parts.error_digests += [plugin.path, share.error_digest]
    else:
        parts.error_digests = None  # not read (`want`): the error index is assembled


def fill_error_terms(
    parts: EmitParts, registry: Registry, config: Config, store: CacheStore | None
) -> PluginTerms:
    """`parts.error_terms` with every plugin's error documents, those not held yet read
    from `store` (`emit_parts` without "errors" in `want`), or made again should the
    entry be gone meanwhile."""
    if store is None:
        return parts.error_terms  # the emitters tokenise what is missing
    base = _base_key(config)
    for plugin in registry:
        key = (plugin.path, plugin.content_hash)
        if plugin.content_hash and key not in parts.error_terms:
            entry = digest(base, plugin.path, plugin.category, plugin.content_hash)
            share, _ = _share(store, entry, plugin, config, ("errors",))
            parts.error_terms[key] = parts.shared.share(share).errors
    return parts.error_terms


def _share(
    store: CacheStore, entry: str, plugin: Plugin, config: Config, want: Collection[str]
) -> tuple[PluginParts, bool]:
    """The stored share with the parts in `want`, and whether any had to be made: the
    missing parts computed, the entry stored again with the parts it held kept as they
    were (a share `lookup` or `advise` stored holds only theirs)."""
    stored = store.get(entry, count=False)
    share = _decode(store, entry, stored, want)
    if share is not None and not share.absent & set(want):
        return share, False
    kept = stored if share is not None else None  # a damaged entry: nothing kept
    share = plugin_parts(plugin, config, want, share)
    store.put(entry, encode(share, kept), count=False)
    return share, True


def _base_key(config: Config) -> str:
    versions = {name: _version(name) for name in PACKAGES}
    return digest(
        "emit-parts",
        str(FORMAT),
        code_version(*PRODUCERS),
        json.dumps(dataclasses.asdict(config), sort_keys=True),
        json.dumps(versions, sort_keys=True),
    )


def _decode(
    store: CacheStore, key: str, data: bytes | None, want: Collection[str]
) -> PluginParts | None:
    if data is None:
        return None
    try:
        return decode(data, want)
    except (ValueError, KeyError, TypeError):
        store.discard(key, count=False)
        return None


def encode(parts: PluginParts, stored: bytes | None = None) -> bytes:
    """One JSON line per part; a part `absent` is its line in `stored` (the entry this one
    replaces: kept as it is, not decoded), else null."""
    kept = dict(zip(PARTS, stored.split(b"\n"), strict=True)) if stored else {}
    values: dict[str, Callable[[], object]] = {
        "errors": lambda: _errors_json(parts.errors),
        "fixes": lambda: parts.fixes,
        "skills": lambda: parts.skills,
        "error_digest": lambda: parts.error_digest,
    }
    # JSON escapes every newline inside a string: the lines split where the parts do.
    return b"\n".join(
        kept.get(name, _dump({name: None}).encode("utf-8"))
        if name in parts.absent
        else _dump({name: values[name]()}).encode("utf-8")
        for name in PARTS
    )


def _errors_json(errors: list[IndexedDoc]) -> list[dict[str, Any]]:
    return [
        {
            "doc": {name: getattr(item.doc, name) for name in DOC_FIELDS},
            "length": item.length,
            "names": [term for term, _ in item.terms],
            "weights": [weight for _, weight in item.terms],
        }
        for item in errors
    ]


DOC_FIELDS = tuple(field.name for field in dataclasses.fields(Doc))
"""`dataclasses.asdict` of a `Doc` without its deep copy (a third of encoding a share)."""


def _dump(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def decode(data: bytes, want: Collection[str] = PARTS) -> PluginParts:
    """`encode`'s bytes back, the parts in `want` (the others empty and `absent`, as are
    those the entry does not hold); ValueError, KeyError or TypeError if they are not its."""
    lines = dict(zip(PARTS, data.split(b"\n"), strict=True))
    value = {name: json.loads(lines[name])[name] for name in PARTS if name in want}
    value = {name: part for name, part in value.items() if part is not None}
    absent = frozenset(PARTS) - set(value)
    errors = []
    for item in value.get("errors", []):
        doc = dict(item["doc"])
        doc["fields"] = tuple((str(name), str(text)) for name, text in doc["fields"])
        terms = tuple(zip(item["names"], item["weights"], strict=True))  # 0 stays an int
        errors.append(IndexedDoc(Doc(**doc), item["length"], terms))
    fixes, skills = value.get("fixes", {}), value.get("skills", [])
    error_digest = value.get("error_digest", "")
    if not isinstance(fixes, dict) or not isinstance(skills, list):
        raise TypeError("not a plugin's share")
    if "error_digest" in value and not (isinstance(error_digest, str) and error_digest):
        raise TypeError("not a plugin's share")
    return PluginParts(errors, fixes, skills, str(error_digest), absent)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""
