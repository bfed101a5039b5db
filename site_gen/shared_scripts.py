"""What every page repeated that the browser can fetch once: Material's inline scripts as files,
and no files for the search Material would run if its search plugin were on.

- `#__config`, the JSON Material's bundle reads at start (features, translations, the site's
  base URL, the search worker's URL): ~0.9 KB on every page, the same on all of them but for
  the two URLs, which are relative to the page. `ConfigScriptPlugin` writes it once as
  `assets/javascripts/page-config.js` and each page loads that file at the same place: the
  file puts the same `<script id="__config" type="application/json">` element after itself,
  with the URLs made absolute from its own address (Material makes them absolute itself:
  `new URL(config.base, location)`), before Material's bundle, which comes after it.
  A page whose config is not the site's (a template that changed it) keeps its own.
- `__md_scope` and the storage helpers, Material's `partials/javascripts/base.html` (~0.3 KB
  a page): `overrides/assets/javascripts/scope.js`, a copy (`scope_script`) whose scope is
  the site's root from its own address instead of the page's relative `base_url`; loaded at
  the same place in `<head>`, before the palette script that uses it.
- Material's two content scripts (~150 bytes a page): copies (`content_scripts`) loaded at
  the same place by `overrides/partials/javascripts/content.html`.
- Material's search worker and lunr (its search plugin is off: Pagefind is the site's
  search) and the source maps of Material's minified files (only a browser's developer tools
  read them): ~2.2 MB a site, dropped from the files MkDocs copies (`UNUSED_THEME_FILES`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

PLUGIN_NAME = "site-gen-shared-scripts"
CONFIG_SCRIPT = "assets/javascripts/page-config.js"
"""Site path of the shared `#__config` (written by `ConfigScriptPlugin`)."""
SCOPE_SCRIPT = "assets/javascripts/scope.js"
"""Under overrides/: Material's inline scope script, as a file."""
UNUSED_THEME_FILES = re.compile(r"assets/javascripts/(?:lunr|workers)/.*|.*\.map")
"""Theme files no page loads: Material's search (its plugin is off) and source maps."""

_CONFIG = re.compile(r'<script id="__config" type="application/json">(\{.*?\})</script>')
_URLS = ("base", "search")


def config_script(config: dict[str, Any]) -> str:
    """`page-config.js`: the site-wide `config` (its URLs relative to the site's root) put
    into the page as Material's `#__config` element, URLs absolute from this file's address
    (two folders below the root)."""
    data = json.dumps(config, sort_keys=True, ensure_ascii=False)
    return (
        "// Material's #__config, once for the site (site_gen/shared_scripts.py).\n"
        "(function () {\n"
        "  var script = document.currentScript;\n"
        '  var root = new URL("../..", script.src);\n'
        f"  var config = {data};\n"
        f"  {json.dumps(list(_URLS))}.forEach(function (key) {{\n"
        '    if (typeof config[key] === "string") config[key] = new URL(config[key], root).href;\n'
        "  });\n"
        '  var element = document.createElement("script");\n'
        '  element.id = "__config";\n'
        '  element.type = "application/json";\n'
        "  element.textContent = JSON.stringify(config);\n"
        "  script.after(element);\n"
        "})();\n"
    )


def site_config(page_config: dict[str, Any], base_url: str) -> dict[str, Any] | None:
    """A page's `#__config` with its URLs relative to the site's root instead of the page
    (`base_url`, MkDocs' relative path to the root), or None if a URL is not under it."""
    prefix = "" if base_url in ("", ".") else base_url.rstrip("/") + "/"
    site = dict(page_config)
    for key in _URLS:
        url = site.get(key)
        if key == "base":
            if url != base_url:
                return None
            site[key] = "."
        elif isinstance(url, str):
            if not url.startswith(prefix) or "://" in url:
                return None
            site[key] = url[len(prefix) :]
    return site


class ConfigScriptPlugin(BasePlugin):  # type: ignore[type-arg,unused-ignore]
    """Each page's `#__config` replaced by a load of `page-config.js`, written once."""

    def __init__(self) -> None:
        super().__init__()
        self.config_json: dict[str, Any] | None = None
        """The site-wide `#__config`, from the first page rendered in this build."""

    def on_pre_build(self, **kwargs: Any) -> None:
        self.config_json = None

    def on_files(self, files: Files, **kwargs: Any) -> Files:
        for file in list(files):
            unused = file.generated_by is None and UNUSED_THEME_FILES.fullmatch(file.src_uri)
            if unused and _from_theme(file.abs_src_path):
                files.remove(file)
        return files

    @event_priority(-50)  # before the page-reuse cache (-200) stores the page
    def on_post_page(self, output: str, *, page: Any, config: Any, **kwargs: Any) -> str:
        if "navigation.instant" in config["theme"]["features"]:
            return output  # instant loading swaps pages without running their scripts again
        found = _CONFIG.search(output)
        if found is None:
            return output
        base_url = _base_url(page.url)
        try:
            site = site_config(json.loads(found[1]), base_url)
        except ValueError:
            return output
        if site is None:
            return output
        if self.config_json is None:
            self.config_json = site
        elif site != self.config_json:
            return output
        src = ("" if base_url == "." else base_url + "/") + CONFIG_SCRIPT
        return output[: found.start()] + f'<script src="{src}"></script>' + output[found.end() :]

    def on_post_build(self, *, config: Any, **kwargs: Any) -> None:
        if self.config_json is not None:
            path = Path(config["site_dir"]) / CONFIG_SCRIPT
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(config_script(self.config_json), "utf-8")


def _base_url(url: str) -> str:
    """MkDocs' `base_url` of a page at `url` (directory URLs): `..` per folder, or `.`."""
    return "/".join([".."] * url.count("/")) or "."


def _from_theme(path: str | None) -> bool:
    """The file is Material's own (under its package), not a team's override."""
    import material

    return path is not None and Path(path).is_relative_to(Path(material.__file__).parent)


_SCOPE = re.compile(
    r"\{#-.*?-#\}\s*<script>__md_scope=new URL\(.*?,location\)(.*)</script>\s*", re.S
)


def scope_script(templates_dir: Path) -> str:
    """`overrides/assets/javascripts/scope.js` from Material's `partials/javascripts/base.html`:
    the scope is the root two folders above the file (or `data-scope`, Material's
    `extra.scope`, from the page), not the page's `base_url`."""
    match = _SCOPE.fullmatch((templates_dir / "partials/javascripts/base.html").read_text("utf-8"))
    assert match, "Material's javascripts/base.html is no longer the one scope script"
    scope = (
        '__md_scope=new URL(document.currentScript.dataset.scope||"../..",'
        "document.currentScript.dataset.scope?location:document.currentScript.src)"
    )
    return scope + match[1] + "\n"


CONTENT_SCRIPTS = ("assets/javascripts/content-tabs.js", "assets/javascripts/content.js")
"""Under overrides/: Material's two inline content scripts (the linked tabs' one, with
`content.tabs.link`, and the one that opens the tab a URL's hash names), as files."""
_CONTENT = re.compile(
    r"\{#-.*?-#\}\s*\{% if \"content.tabs.link\" in features %\}\s*<script>(.*?)</script>\s*"
    r"\{% endif %\}\s*<script>(.*?)</script>\s*",
    re.S,
)


def content_scripts(templates_dir: Path) -> dict[str, str]:
    """`CONTENT_SCRIPTS` -> their text, from Material's `partials/javascripts/content.html`
    (~150 bytes a page that a file the browser keeps saves)."""
    match = _CONTENT.fullmatch(
        (templates_dir / "partials/javascripts/content.html").read_text("utf-8")
    )
    assert match, "Material's javascripts/content.html is no longer its two scripts"
    return {
        path: script + "\n" for path, script in zip(CONTENT_SCRIPTS, match.groups(), strict=True)
    }
