"""benchmarks.page_bytes cuts a page at Material's landmarks and counts what is inside."""

from __future__ import annotations

from benchmarks.page_bytes import LANDMARKS, page_parts

PAGE = (
    "<!doctype html><html><head><title>t</title></head><body><header>h</header>"
    '<div class="md-sidebar md-sidebar--primary">nav</div>'
    '<div class="md-sidebar md-sidebar--secondary">\n    toc</div>'
    '<article><h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
    '<div class="highlight"><pre><span></span><code><span class="n">x</span> &lt; 1\n'
    "</code></pre></div><table><tr><td>é</td></tr></table>\n</article><footer>f</footer>"
)


def test_the_landmark_parts_add_up_to_the_page() -> None:
    parts = page_parts(PAGE)
    assert sum(parts[name] for name, _ in LANDMARKS) == parts["whole page"] == len(PAGE.encode())
    assert parts["table of contents sidebar"] == len(
        '<div class="md-sidebar md-sidebar--secondary">\n    toc</div>'
    )


def test_the_article_is_counted_by_what_it_holds() -> None:
    parts = page_parts(PAGE)
    assert parts["    their code text"] == len("x < 1\n")
    assert parts["    their Pygments spans"] == len('<span class="n"></span><span></span>')
    assert parts["  heading permalinks"] == len(
        '<a class="headerlink" href="#a" title="Permanent link">¶</a>'.encode()
    )
    assert parts["  tables"] == len("<table><tr><td>é</td></tr></table>".encode())
    assert parts["  newlines in the article"] == 2
    assert parts["indentation outside it"] == 4
