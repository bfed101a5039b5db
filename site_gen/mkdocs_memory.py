"""What MkDocs holds of every page between rendering it and writing it, made small.

MkDocs renders every page (`Page.markdown` -> `Page.content`) before it writes the first
one, so the Markdown and the HTML of the whole site are in memory at once: at 1,000
generated skills 31 MB of Markdown and 52 MB of HTML, ten times that at 10,000, the largest
part of the build's peak while MkDocs runs. Nothing reads a page's Markdown after its
render, and its HTML is read again only by its own template. So, from the sanitizer (the
plugin every site-gen build installs, `mkdocs_plugin`):

- the Markdown is dropped once the page is rendered. It is set to "", not None:
  `Page.title` answers None for a page whose Markdown is None, and with the HTML present it
  takes the title from the render or the front matter, never from the Markdown;
- the HTML is kept zlib-compressed (about a seventh of its size) from the moment MkDocs
  moves on to the next page until that page's template is rendered, then dropped once the
  page is written. In between `Page.content` is "" (not None, for the same reason).

Compression is lossless, so the pages are byte for byte the same. (This lives in the
sanitizer, not in a plugin of its own, because `page_reuse` turns page reuse off for any
MkDocs plugin it does not know.)
"""

from __future__ import annotations

import zlib
from typing import Any


class PackedPages:
    """Each rendered page's HTML, compressed while it waits for its template."""

    def __init__(self) -> None:
        self.packed: dict[int, bytes] = {}
        """id(page) -> its compressed HTML; a page is in here only while its content is ""."""
        self.last: Any = None
        """The page rendered last: its HTML is set by MkDocs after every `on_page_content`."""

    def rendered(self, page: Any) -> None:
        """`on_page_content` of `page`: pack the previous page, drop this one's Markdown."""
        self.pack_last()
        if page is not None and page.content is not None:
            page.markdown = ""
            self.last = page

    def pack_last(self) -> None:
        """Compress the last rendered page's HTML (called again before templates run)."""
        page, self.last = self.last, None
        if page is not None and page.content:
            self.packed[id(page)] = zlib.compress(page.content.encode("utf-8"), 1)
            page.content = ""

    def unpack(self, page: Any) -> None:
        """Before `page`'s template is rendered: its HTML back."""
        self.pack_last()
        data = self.packed.pop(id(page), None)
        if data is not None:
            page.content = zlib.decompress(data).decode("utf-8")

    def written(self, page: Any) -> None:
        """After `page`'s template: its HTML is in the output, the page needs it no more."""
        if page is not None and page.content:
            page.content = ""

    def clear(self) -> None:
        """A build ended (or failed): nothing carried into the next one."""
        self.packed.clear()
        self.last = None
