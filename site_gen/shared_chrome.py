"""The parts of Material's chrome that are the same on every page, written once as scripts.

Around each article, a skill page repeated ~5 KB of markup that is the same on all of them:
the navigation sidebar (2 KB), the palette toggle, the search box and the repository link in
the header, the empty table of contents that `headings.js` fills, the drawer's toggles, the
back-to-top button, the footer. At 10,000 skills that was ~50 MB of the site. Each such part
(`REGIONS`) is now a small file under `assets/javascripts/shared/`, and the page has a
`<script src>` in its place: the script puts the markup where it stands while the page is
parsed (a parser-blocking script: before anything below it exists, before Material's bundle
mounts its components, and fetched once for the site), then removes itself. With JavaScript
the page is the same DOM as before but for its URLs, which are absolute (made from the
script's own address) instead of relative to the page: they lead to the same places.
Without JavaScript those parts are missing: the palette toggle, the search box and the
back-to-top button did nothing without it, and the table of contents was already filled by
script; the navigation sidebar, the repository link and the footer are what is lost then
(the header's logo still leads home, the article is whole).

Only skill pages share their parts (nearly all of a large site's pages; they are one folder
deep and list no nav entry as their own), and a part is shared only when it is exactly the
build's: the page's relative URLs are made paths from the root (`from_root`) and what is left
must equal what the first skill page of the build had; a page whose part differs keeps its
own markup. Part files are named by their content, so a page kept from an earlier build (the
page-reuse cache) never loads other markup than it had; the build cache keeps each part's
script (`KEPT`), so the files such pages load are written even when no skill page was
rendered (a build whose kept pages load a part that is not there stops and says so).
Off with `navigation.instant`, which swaps pages without running their scripts.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .cache_store import CacheStore

PLUGIN_NAME = "site-gen-shared-chrome"
FOLDER = "assets/javascripts/shared/"
"""Site folder of the parts' scripts."""
SKILL_PAGES = "skills/"
"""Pages whose parts are shared: the skill pages, nearly all of a large site's pages."""
KEPT = "shared-chrome"
"""Folder in the build cache (beside its entries, which eviction may delete) that keeps each
part's script, for the pages the page-reuse cache keeps."""
ROOT = "@ROOT@/"
"""Stands for the site's root URL in a part's stored markup."""


@dataclass(frozen=True)
class Region:
    """A part of the page: from `start` (included) to the last `end` before `limit`
    (included), or to `limit` itself when `end` is empty; shared when it holds no `never`."""

    name: str
    start: str
    end: str
    limit: str
    never: str = "\0"
    must: str = ""


REGIONS = (
    Region(  # the drawer's and the search's toggles, and the drawer's overlay
        "toggles",
        '<input class="md-toggle" data-md-toggle="drawer"',
        "",
        '<div data-md-component="skip">',
    ),
    Region(
        "palette",
        '<form class="md-header__option" data-md-component="palette">',
        "</form>",
        "<script",  # Material's palette script follows the form: it stays in the page
    ),
    Region(
        "header",  # the search box and the repository link
        '<label class="md-header__button md-icon" for="__search">',
        "",
        "</nav>\n</header>",
    ),
    Region(
        "nav",
        '<div class="md-sidebar md-sidebar--primary"',
        "",
        '<div class="md-sidebar md-sidebar--secondary"',
        never="--active",
    ),
    Region(
        "toc",
        '<div class="md-sidebar md-sidebar--secondary"',
        "",
        '<div class="md-content"',
        never="<li",
        must='data-md-component="toc"',
    ),
    Region("top", '<button type="button" class="md-top', "</button>", "</main>"),
    Region("footer", '<footer class="md-footer">', "</footer>", '<div class="md-dialog"'),
)


def region_span(html: str, region: Region) -> tuple[int, int] | None:
    """Where `region` is in `html` (start, end), or None."""
    start = html.find(region.start)
    if start < 0:
        return None
    limit = html.find(region.limit, start)
    if limit < 0:
        return None
    if not region.end:
        return start, limit
    end = html.rfind(region.end, start, limit)
    return (start, end + len(region.end)) if end >= 0 else None


def part_script(markup: str) -> str:
    """A part's file: `markup` (with `ROOT` for the site's root) put in place of the script
    that loads it; the file sits three folders below the root (`FOLDER`)."""
    return (
        "// Markup every page shares (site_gen/shared_chrome.py).\n"
        "(function (script) {\n"
        '  var root = new URL("../../../", script.src).href;\n'
        f"  var markup = {json.dumps(markup, ensure_ascii=False)};\n"
        f"  markup = markup.split({json.dumps(ROOT)}).join(root);\n"
        '  script.insertAdjacentHTML("beforebegin", markup);\n'
        "  script.remove();\n"
        "})(document.currentScript);\n"
    )


class SharedChromePlugin(BasePlugin):  # type: ignore[type-arg,unused-ignore]
    """Each skill page's shared parts replaced by loads of their files, written once."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: dict[str, str] = {}
        """Each region's site-wide markup (with `ROOT`), from the first skill page of the
        build that has it."""
        self.store: CacheStore | None = None
        """The build cache: each part's markup is kept there for the pages it keeps."""

    def on_pre_build(self, **kwargs: Any) -> None:
        self.parts = {}

    @event_priority(-50)  # before the page-reuse cache (-200) stores the page
    def on_post_page(self, output: str, *, page: Any, config: Any, **kwargs: Any) -> str:
        if "navigation.instant" in config["theme"]["features"] or not page.url.startswith(
            SKILL_PAGES
        ):
            return output
        base = "/".join([".."] * page.url.count("/"))
        for region in REGIONS:
            span = region_span(output, region)
            if span is None:
                continue
            markup = output[span[0] : span[1]]
            if region.never in markup or region.must not in markup or ROOT in markup:
                continue
            shared = from_root(markup, page.url)
            if self.parts.setdefault(region.name, shared) != shared:
                continue
            tag = f'<script src="{base}/{part_file(region.name, shared)}"></script>'
            output = output[: span[0]] + tag + output[span[1] :]
        return output

    def on_post_build(self, *, config: Any, **kwargs: Any) -> None:
        site = Path(config["site_dir"])
        scripts = {
            part_file(name, markup): part_script(markup) for name, markup in self.parts.items()
        }
        kept = self.store.folder / KEPT if self.store is not None else None
        for file in sorted(_loaded_by_kept_pages(site) - set(scripts)):
            try:
                if kept is None:
                    raise OSError(file)
                scripts[file] = (kept / Path(file).name).read_text("utf-8")
            except OSError:
                raise PluginError(
                    f"{file}: the part of the page chrome that pages kept from the last build"
                    " load is not in the build cache; build again with --no-cache"
                ) from None
        for file, script in sorted(scripts.items()):
            targets = [site / file] + ([kept / Path(file).name] if kept is not None else [])
            for path in targets:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(script, "utf-8")


_LOADED = re.compile(r'<script src="[./]*(' + re.escape(FOLDER) + r'[a-z]+\.[0-9a-f]+\.js)">')


def _loaded_by_kept_pages(site: Path) -> set[str]:
    """The part files a skill page on disk loads: one page tells, since every skill page of
    a build loads the same parts, and a page kept from an earlier build (page reuse) was
    made by the same templates, config and nav (all in its key)."""
    for page in sorted((site / SKILL_PAGES).glob("*/index.html"))[:1]:
        return set(_LOADED.findall(page.read_text("utf-8")))
    return set()


def part_file(name: str, markup: str) -> str:
    """Site path of a part's script, named by its content: a page kept from an earlier build
    (the page-reuse cache) never loads markup other than its own."""
    return f"{FOLDER}{name}.{hashlib.sha256(markup.encode()).hexdigest()[:12]}.js"


_URL = re.compile(r'(\s(?:href|src|data-pagefind-bundle)=")([^":#?]*)([#?][^"]*)?"')


def from_root(markup: str, page_url: str) -> str:
    """`markup` with each relative URL (MkDocs writes them relative to the page, `../..`
    or `../` for a folder above it) as `ROOT` and its path from the site's root."""

    def absolute(match: re.Match[str]) -> str:
        attribute, path, rest = match[1], match[2], match[3] or ""
        if not path or path.startswith("/"):
            return match[0]
        joined = posixpath.normpath(posixpath.join(page_url, path))
        if joined == ".." or joined.startswith("../"):
            return match[0]
        folder = path.endswith("/") or posixpath.basename(path) in ("", ".", "..")
        where = "" if joined == "." else joined + ("/" if folder else "")
        return f'{attribute}{ROOT}{where}{rest}"'

    return _URL.sub(absolute, markup)
