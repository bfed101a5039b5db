"""The chrome every page shares, written once as scripts (site_gen/shared_chrome.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from site_gen import shared_chrome
from site_gen.cache_store import CacheStore
from site_gen.shared_chrome import ROOT

FOOTER = '<footer class="md-footer"><a href="{up}">Home</a> <a href="{up}/tags/">Tags</a></footer>'


def _page(up: str, nav: str = "") -> str:
    footer = FOOTER.format(up=up)
    return f'<body><main>{nav}</main>{footer}<div class="md-dialog"></div></body>'


def post_page(plugin: Any, html: str, url: str) -> str:
    """`plugin`'s `on_post_page` of `html` for a page at `url` (also for test_shared_scripts)."""
    mkdocs = {"theme": {"features": []}}
    result: str = plugin.on_post_page(html, page=SimpleNamespace(url=url), config=mkdocs)
    return result


def test_relative_urls_become_paths_from_the_root() -> None:
    markup = (
        ' <a href="../..">h</a><a href="../">s</a><use href="../../assets/i.svg#m"/>'
        '<a href="https://github.com/o/r">g</a><a href="#top">t</a>'
        '<div data-pagefind-bundle="../../pagefind/"></div>'
    )
    assert shared_chrome.from_root(markup, "skills/x/") == (
        f' <a href="{ROOT}">h</a><a href="{ROOT}skills/">s</a>'
        f'<use href="{ROOT}assets/i.svg#m"/><a href="https://github.com/o/r">g</a>'
        f'<a href="#top">t</a><div data-pagefind-bundle="{ROOT}pagefind/"></div>'
    )
    # MkDocs writes a link to a folder above the page as `../`: the same path from the root.
    assert shared_chrome.from_root(' <a href="../">a</a>', "authors/ana/") == (
        f' <a href="{ROOT}authors/">a</a>'
    )


def test_skill_pages_load_one_file_for_the_same_part(tmp_path: Path) -> None:
    plugin = shared_chrome.SharedChromePlugin()
    first = post_page(plugin, _page("../.."), "skills/x/")
    second = post_page(plugin, _page("../.."), "skills/y/")
    for url, up in (("", "."), ("tags/", ".."), ("authors/ana/", "../..")):
        assert post_page(plugin, _page(up), url) == _page(up)  # only skill pages share
    (name,) = plugin.parts
    file = shared_chrome.part_file(name, plugin.parts[name])
    loader = f'<script src="../../{file}"></script>'
    assert first == second == f'<body><main></main>{loader}<div class="md-dialog"></div></body>'
    plugin.on_post_build(config={"site_dir": str(tmp_path)})
    script = (tmp_path / file).read_text()
    assert f'"<footer class=\\"md-footer\\"><a href=\\"{ROOT}\\">Home</a>' in script


def test_parts_of_pages_kept_from_an_earlier_build_are_written(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "cache")
    earlier = shared_chrome.SharedChromePlugin()
    earlier.store = store
    kept = post_page(earlier, _page("../.."), "skills/x/")
    earlier.on_post_build(config={"site_dir": str(tmp_path / "site1")})
    # The next build renders no skill page (all kept): the page's part file is written still.
    (tmp_path / "site2/skills/x").mkdir(parents=True)
    (tmp_path / "site2/skills/x/index.html").write_text(kept)
    later = shared_chrome.SharedChromePlugin()
    later.store = store
    later.on_post_build(config={"site_dir": str(tmp_path / "site2")})
    written = sorted(p.relative_to(tmp_path / "site1") for p in (tmp_path / "site1").rglob("*.js"))
    assert written and all((tmp_path / "site2" / p).is_file() for p in written)
    # Without them in the cache, the build stops rather than publish pages missing a part.
    shutil.rmtree(tmp_path / "cache" / shared_chrome.KEPT)
    with pytest.raises(PluginError, match="build again with --no-cache"):
        later.on_post_build(config={"site_dir": str(tmp_path / "site2")})


def test_a_part_unlike_the_sites_stays_in_its_page() -> None:
    plugin = shared_chrome.SharedChromePlugin()
    post_page(plugin, _page("../.."), "skills/x/")
    other = _page("../..").replace("Tags", "Labels")
    assert post_page(plugin, other, "skills/y/") == other
    active = '<nav class="md-nav md-nav--primary"><a class="md-nav__link--active"></a></nav>'
    nav_page = _page("../..", active + '<div class="md-sidebar md-sidebar--secondary">')
    assert active in post_page(plugin, nav_page, "skills/z/")
