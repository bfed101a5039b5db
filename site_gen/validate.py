"""Registry -> problems. Pure: reads the model (and the texts the loader kept), never disk.

Errors are what breaks Claude Code, the build or safety; warnings are quality, which
`check --strict` (what pull requests run) also refuses.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

from . import problems as P
from .loader import LoadResult
from .markdown import Document, parse_document
from .model import TAG, Plugin, Registry, Skill

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 64
RESERVED_PREFIXES = ("claude-", "anthropic-", "cc-plugin-")
MANIFEST_REQUIRED = ("name", "version", "description", "author", "skills")
MANIFEST_KNOWN = {
    "$schema",
    "name",
    "version",
    "description",
    "author",
    "homepage",
    "repository",
    "license",
    "keywords",
    "commands",
    "agents",
    "skills",
    "hooks",
    "mcpServers",
    "outputStyles",
    "lspServers",
    "userConfig",
}
SPEC_KEYS = {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
"""Front matter keys of the open Agent Skills standard."""
CLAUDE_CODE_KEYS = {
    "argument-hint",
    "disable-model-invocation",
    "user-invocable",
    "model",
    "context",
    "agent",
    "hooks",
    "when_to_use",
    "effort",
}
"""Keys Claude Code adds for its own skills; accepted beside the standard's."""
MOVE_TO_METADATA = {"author", "date", "tags", "version"}
MAX_DESCRIPTION = 1024
"""The Agent Skills standard's limit."""
LONG_DESCRIPTION = 600
"""Claude Code lists every installed skill's description in about 1% of the context window
(8,000 characters on a 200K model): with all-skills installed, long ones crowd out others."""
SHORT_DESCRIPTION = 80
TOOLING_CATEGORY = "tooling"
"""Plugins here ship commands, not experiments: experiment-content rules do not apply."""
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.\-]+)?$")
_SCENARIOS = re.compile(
    r"use (?:it |this )?when|usage|scenario|\(1\)|use cases?|when (?:you|encounter)", re.I
)
_VERIFIED = re.compile(r"verified|tested|validated|reproduced|measured", re.I)


def validate(result: LoadResult, today: dt.date | None = None) -> list[P.Problem]:
    """Every problem in the registry: load failures, each plugin's, and registry-wide ones."""
    today = today or dt.datetime.now(dt.UTC).date()
    found = list(result.problems)
    for plugin in result.registry:
        found.extend(validate_plugin(plugin, today, result.texts.get(plugin.manifest_path, "")))
    found.extend(_duplicate_names(result.registry))
    found.extend(_links(result.texts, result.files, result.registry))
    return P.sort_problems(found)


def validate_plugin(plugin: Plugin, today: dt.date, manifest_text: str = "") -> list[P.Problem]:
    found = list(_category(plugin))
    found.extend(_manifest(plugin, manifest_text))
    for skill in plugin.skills:
        found.extend(_front_matter(plugin, skill, today))
        if plugin.category != TOOLING_CATEGORY and skill.front_matter:
            found.extend(_content(plugin, skill))
    if len(plugin.skills) == 1 and plugin.skills[0].name != plugin.name:
        skill = plugin.skills[0]
        found.append(
            P.error(
                skill.path,
                0,
                "E213",
                f"skill folder '{skill.name}' differs from its plugin '{plugin.name}'",
                f"rename it to {plugin.path}/skills/{plugin.name}/",
            )
        )
    if plugin.category != TOOLING_CATEGORY and plugin.skills and not plugin.all_troubleshooting:
        found.append(
            P.warning(
                f"{plugin.path}/references/troubleshooting.md",
                0,
                "W310",
                "no troubleshooting entries: the error lookup cannot find this skill",
                "add '## `<exact error message>`' headings with **Cause:** and **Fix:**",
            )
        )
    return found


def check_name(name: str) -> str:
    """Why `name` is not a valid plugin or skill name, or '' when it is."""
    if not name:
        return "is empty"
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters; at most {MAX_NAME}"
    if not NAME.match(name):
        return "must be lowercase letters, digits and single hyphens (kebab-case)"
    if name.startswith(RESERVED_PREFIXES):
        return f"must not start with {', '.join(RESERVED_PREFIXES)} (reserved by Claude Code)"
    return ""


def _category(plugin: Plugin) -> Iterable[P.Problem]:
    if not NAME.match(plugin.category):
        yield P.error(
            f"plugins/{plugin.category}",
            0,
            "E120",
            f"category folder '{plugin.category}' must be kebab-case",
            "e.g. plugins/training/, plugins/evaluation/",
        )


def _manifest(plugin: Plugin, text: str) -> Iterable[P.Problem]:
    path, manifest = plugin.manifest_path, plugin.manifest
    if not manifest:
        return  # the loader already said why it could not be read
    for key in MANIFEST_REQUIRED:
        if key not in manifest:
            yield P.error(
                path,
                0,
                "E110",
                f"plugin.json has no '{key}'",
                _MANIFEST_HINTS.get(key, "see templates/experiment-skill-template/"),
            )
    name = manifest.get("name")
    if isinstance(name, str):
        why = check_name(name)
        if why:
            yield P.error(
                path,
                _key_line(text, "name"),
                "E111",
                f"name '{name}' {why}",
                f'use the folder\'s name: "name": "{plugin.name}"',
            )
        elif name != plugin.name:
            yield P.error(
                path,
                _key_line(text, "name"),
                "E112",
                f"name '{name}' differs from its folder '{plugin.name}'",
                f'rename the folder or set "name": "{plugin.name}"',
            )
    elif name is not None:
        yield P.error(path, 0, "E111", "name must be a string", f'"name": "{plugin.name}"')
    if "author" in manifest:
        author = manifest["author"]
        if not (isinstance(author, dict) and isinstance(author.get("name"), str)):
            yield P.error(
                path,
                _key_line(text, "author"),
                "E113",
                "author must be an object with a name",
                '"author": {"name": "Hojin Yang"} (a plain string fails in Claude Code)',
            )
    version = manifest.get("version")
    if version is not None and not (isinstance(version, str) and SEMVER.match(version)):
        yield P.error(
            path,
            _key_line(text, "version"),
            "E114",
            f"version {version!r} is not a semantic version",
            '"version": "1.0.0"; bump it when the skill changes so installs update',
        )
    for key in ("description", "homepage", "repository", "license"):
        if key in manifest and not isinstance(manifest[key], str):
            yield P.error(path, _key_line(text, key), "E115", f"'{key}' must be a string", "")
    keywords = manifest.get("keywords")
    if keywords is not None and not (
        isinstance(keywords, list) and all(isinstance(k, str) for k in keywords)
    ):
        yield P.error(
            path,
            _key_line(text, "keywords"),
            "E116",
            "keywords must be a list of strings",
            '"keywords": ["grpo", "vllm"]',
        )
    elif isinstance(keywords, list):
        for keyword in keywords:
            if not TAG.fullmatch(keyword.strip().lower()):
                yield P.warning(
                    path,
                    _key_line(text, "keywords"),
                    "W118",
                    f"keyword {keyword!r} cannot be a tag: it is left off the site",
                    'use lowercase words joined by hyphens, e.g. "mixed-precision"',
                )
    for key in sorted(set(manifest) - MANIFEST_KNOWN):
        yield P.warning(
            path,
            _key_line(text, key),
            "W117",
            f"unknown plugin.json key '{key}'",
            "Claude Code warns on it; put tags in 'keywords', dates in SKILL.md "
            "metadata, and let the folder give the category",
        )


_MANIFEST_HINTS = {
    "name": '"name": "<folder name>"',
    "version": '"version": "1.0.0"',
    "description": "copy the SKILL.md description: task, usage scenarios, where verified",
    "author": '"author": {"name": "<your name>"}',
    "skills": '"skills": "./skills"',
}


def _key_line(text: str, key: str) -> int:
    """Line of `"key":` in a JSON text (0 when absent), so errors point at the key."""
    for number, line in enumerate(text.splitlines(), 1):
        if f'"{key}"' in line:
            return number
    return 0


def _front_matter(plugin: Plugin, skill: Skill, today: dt.date) -> Iterable[P.Problem]:
    fm, path = skill.front_matter, skill.path
    if not fm:
        return  # unreadable front matter was reported by the parser
    name = fm.get("name")
    if not isinstance(name, str) or not name:
        yield P.warning(
            path,
            2,
            "W210",
            "front matter has no 'name'",
            f"add 'name: {skill.name}' (the skill folder's name)",
        )
    else:
        # Claude Code names a plugin's skill after its folder whatever `name` says (checked with
        # CLI 2.1.328): a different or malformed name is the standard's rule, not a breakage.
        why = check_name(name)
        if why:
            yield P.warning(path, 2, "W211", f"name '{name}' {why}", f"name: {skill.name}")
        elif name != skill.name:
            yield P.warning(
                path,
                2,
                "W212",
                f"name '{name}' differs from its folder '{skill.name}'",
                f"name: {skill.name} (Claude Code calls the skill '{skill.name}' either way)",
            )
    description = fm.get("description")
    if not isinstance(description, str) or not description.strip():
        yield P.error(
            path,
            2,
            "E220",
            "front matter has no 'description'",
            'description: "<task>. Usage scenarios: (1) When ..., (2) When encountering '
            '<error> errors. Verified on <model, hardware>."',
        )
    else:
        yield from _description(plugin, skill, description.strip())
    for key in sorted(set(fm) - SPEC_KEYS - CLAUDE_CODE_KEYS):
        if key in MOVE_TO_METADATA:
            yield P.warning(
                path,
                2,
                "W230",
                f"top-level '{key}' is not in the Agent Skills standard",
                f'move it under metadata:  metadata:\\n  {key}: "..." (quoted)',
            )
        else:
            yield P.warning(
                path,
                2,
                "W231",
                f"front matter key '{key}' is not in the Agent Skills standard",
                f"allowed: {', '.join(sorted(SPEC_KEYS))}",
            )
    metadata = fm.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        yield P.error(path, 2, "E232", "metadata must be a mapping", 'metadata:\n  author: "..."')
    elif isinstance(metadata, dict):
        for key, value in metadata.items():
            if not isinstance(value, str):
                yield P.warning(
                    path,
                    2,
                    "W233",
                    f"metadata.{key} is a {type(value).__name__}, not a string",
                    f'quote it: {key}: "{str(value)[:80]}"'
                    if isinstance(value, int | float | bool | dt.date)
                    else f"metadata values are strings: write {key} as one quoted string",
                )
    yield from _date(skill, today)


def _description(plugin: Plugin, skill: Skill, text: str) -> Iterable[P.Problem]:
    path = skill.path
    if len(text) > MAX_DESCRIPTION:
        yield P.error(
            path,
            2,
            "E221",
            f"description is {len(text)} characters; the Agent Skills limit is {MAX_DESCRIPTION}",
            "keep the trigger scenarios; move detail to the body",
        )
    elif len(text) > LONG_DESCRIPTION:
        yield P.warning(
            path,
            2,
            "W222",
            f"description is {len(text)} characters; over {LONG_DESCRIPTION} it crowds "
            "Claude Code's skill listing (about 8,000 characters for all skills)",
            "keep the task, the usage scenarios and the exact error tokens",
        )
    if plugin.category != TOOLING_CATEGORY:
        if len(text) < SHORT_DESCRIPTION:
            yield P.warning(
                path,
                2,
                "W223",
                f"description is {len(text)} characters: too short for Claude to know "
                "when to use it",
                "name the task, list usage scenarios with exact "
                "error tokens, say where it was verified",
            )
        if not _SCENARIOS.search(text):
            yield P.warning(
                path,
                2,
                "W224",
                "description lists no usage scenarios",
                "add 'Usage scenarios: (1) When ..., (2) When encountering <error>'",
            )
        if not _VERIFIED.search(text):
            yield P.warning(
                path,
                2,
                "W225",
                "description does not say where it was verified",
                "end with 'Verified on <model>, <hardware>.'",
            )
    manifest_description = plugin.manifest.get("description")
    if (
        skill.name == plugin.name
        and isinstance(manifest_description, str)
        and manifest_description.strip() != text
    ):
        yield P.warning(
            path,
            2,
            "W226",
            "description differs from plugin.json's",
            "use the same text in both: Claude Code shows plugin.json's, the skill "
            "listing shows SKILL.md's",
        )


def _date(skill: Skill, today: dt.date) -> Iterable[P.Problem]:
    raw = skill.metadata.get("date", skill.front_matter.get("date"))
    if raw is None:
        return
    if isinstance(raw, dt.datetime):  # `date: 2025-10-01 09:30:00`: the day is what counts
        raw = (raw.astimezone(dt.UTC) if raw.tzinfo else raw).date()
    value = raw if isinstance(raw, dt.date) else None
    if value is None:
        try:
            value = dt.date.fromisoformat(str(raw).strip())
        except ValueError:  # shown as written; harms neither Claude Code nor the build
            yield P.warning(
                skill.path,
                2,
                "W240",
                f"date {raw!r} is not a date",
                'write it as date: "YYYY-MM-DD", e.g. "2025-12-08"',
            )
            return
    # `today` is UTC; a date written where it is already tomorrow (up to UTC+14) is not future.
    if value > today + dt.timedelta(days=1):
        yield P.warning(
            skill.path,
            2,
            "W241",
            f"date {value} is in the future",
            "use the day the experiment ran",
        )


def _content(plugin: Plugin, skill: Skill) -> Iterable[P.Problem]:
    if not skill.has_failed_attempts_section:
        yield P.warning(
            skill.path,
            0,
            "W301",
            "no Failed Attempts table",
            "add '## Failed Attempts' with | Attempt | Why it Failed | Lesson Learned |:"
            " it is the most-read part of a skill",
        )
    elif not skill.failed_attempts:
        yield P.warning(
            skill.path,
            0,
            "W302",
            "the Failed Attempts section has no table rows",
            "| Attempt | Why it Failed | Lesson Learned |\\n|---|---|---|\\n| ... |",
        )
    for row in skill.failed_attempts:
        if not row.why.strip() or not row.lesson.strip():
            yield P.warning(
                row.source.path,
                row.source.line,
                "W303",
                "Failed Attempts row without a reason or a lesson",
                "say why it failed (the exact error) and what to do instead",
            )


def _duplicate_names(registry: Registry) -> Iterable[P.Problem]:
    by_name: dict[str, list[Plugin]] = defaultdict(list)
    for plugin in registry:
        by_name[plugin.name].append(plugin)
    for name, plugins in sorted(by_name.items()):
        if len(plugins) > 1:
            others = ", ".join(p.path for p in plugins)
            for plugin in plugins:
                yield P.error(
                    plugin.manifest_path,
                    0,
                    "E130",
                    f"plugin name '{name}' is used {len(plugins)} times ({others})",
                    "names are global in a marketplace: rename all but one",
                )
    by_skill: dict[str, list[str]] = defaultdict(list)
    for plugin in registry:
        for skill in plugin.skills:
            by_skill[skill.name].append(skill.path)
    for name, paths in sorted(by_skill.items()):
        if len(paths) > 1:
            for path in paths:
                yield P.error(
                    path,
                    0,
                    "E131",
                    f"skill name '{name}' is used {len(paths)} times ({', '.join(sorted(paths))})",
                    "each skill has one page and one /name in Claude Code: rename all but one",
                )


def relative_links(document: Document) -> tuple[tuple[int, str, str], ...]:
    """(line, target as written, target without #fragment or ?query) of every relative link.

    Links shown as code (code blocks, `spans`) are examples, not links: the document's
    links are the ones the page makes.
    """
    found = []
    for link in document.links:
        target = link.target
        # Entity-encoded schemes (`java&#x73;cript:`) are links, not files: the page drops them.
        if re.match(r"^[a-z][a-z0-9+.\-]*:|^#|^/", html.unescape(target), re.I):
            continue
        clean = target.split("#")[0].split("?")[0]
        if clean:
            found.append((link.line, target, clean))
    return tuple(found)


@functools.lru_cache(maxsize=1 << 12)
def _parse_other(text: str) -> Document:
    """A Markdown file the model does not hold (a plugin's README): memoized for `serve`."""
    return parse_document(text)


def _documents(texts: dict[str, str], registry: Registry) -> dict[str, Document]:
    """Every Markdown file's parse: the model's where it has one, else parsed here."""
    held: dict[str, Document] = {}
    for plugin in registry:
        for skill in plugin.skills:
            if skill.document is not None:
                held[skill.path] = skill.document
        for ref in plugin.references:
            if ref.document is not None:
                held[ref.path] = ref.document
    return {
        path: held.get(path) or _parse_other(text)
        for path, text in texts.items()
        if path.endswith(".md")
    }


def _links(texts: dict[str, str], files: frozenset[str], registry: Registry) -> Iterable[P.Problem]:
    folders = {f.rsplit("/", 1)[0] for f in files}
    parents = {posixpath.dirname(d) for d in folders} | folders
    for path, document in sorted(_documents(texts, registry).items()):
        plugin_root = "/".join(path.split("/")[:3])
        for number, target, clean in relative_links(document):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), clean))
            if resolved.startswith("..") or resolved == ".":
                yield P.error(
                    path,
                    number,
                    "E401",
                    f"link '{target}' leads out of the repo",
                    "link to a file inside the plugin, or use a full https:// URL",
                )
            elif resolved not in files and resolved not in parents:
                # Harms neither Claude Code nor the build: the page shows it as broken.
                yield P.warning(
                    path,
                    number,
                    "W402",
                    f"link '{target}' points at a file that does not exist",
                    f"no file at {resolved}: add the file or fix the link "
                    "(the page shows it as a broken link)",
                )
            elif not resolved.startswith(plugin_root + "/"):
                yield P.warning(
                    path,
                    number,
                    "W403",
                    f"link '{target}' leaves the plugin folder",
                    "an installed plugin only has its own folder: link inside it",
                )
