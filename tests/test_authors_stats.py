"""Author pages and the stats page from a registry with known counts and a known history
(tests/front_registry.py), and every chart bar of the built site leading to a real page."""

from __future__ import annotations

import html.parser
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from site_gen.build import build_site
from site_gen.config import Config
from site_gen.credit import people, slug
from site_gen.history import load_history
from site_gen.loader import load_registry
from site_gen.render import render_pages
from site_gen.render.stats import registry_stats
from site_gen.search.families import families
from tests.conftest import REPO
from tests.front_registry import make_git_registry

CONFIG = Config(repo="acme/skills", site_url="https://acme.github.io/skills/")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_git_registry(tmp_path_factory.mktemp("front") / "registry")


@pytest.fixture(scope="module")
def pages(root: Path) -> dict[str, str]:
    registry = load_registry(root).registry
    return render_pages(registry, CONFIG, history=load_history(root, registry))


def test_people_are_ranked_by_contributions_with_what_they_recorded(root: Path) -> None:
    registry = load_registry(root).registry
    found = people(registry, load_history(root, registry))
    rows = [(p.name, len(p.credits), p.failed, p.entries, str(p.last.date())) for p in found]
    assert rows == [
        ("Test Author", 2, 5, 3, "2025-03-01"),  # lora (2 failed, 1 entry) + ddp (3, 2)
        ("Alice", 2, 0, 0, "2025-03-01"),  # committed lora and ddp-hang
        ("Bob", 2, 0, 0, "2025-03-01"),  # changed lora, moved vllm-oom
        ("Zoë Müller", 1, 2, 0, "2025-02-05"),
        ("Carol", 1, 0, 0, "2025-02-05"),
    ]


def test_authors_index_and_an_author_page(pages: dict[str, str]) -> None:
    index = pages["authors.md"]
    assert "| [Test Author](authors/test-author.md) | 2 | 5 | 3 | 2025-03-01 |" in index
    assert index.index("[Test Author]") < index.index("[Alice]") < index.index("[Carol]")
    zoe = pages["authors/zoe-muller.md"]
    assert zoe.startswith('---\ntitle: "Zo\\u00eb M\\u00fcller"\n---\n\n# Zoë Müller\n')
    assert "**1 skill recorded** ·\n**2 failed attempts** and **0 troubleshooting\nentries**" in zoe
    assert (
        "| [vllm-oom](../skills/vllm-oom.md) | [serving](../categories/serving.md) | author "
        "| 2 | 0 | 2025-02-05 |" in zoe
    )
    bob = pages["authors/bob.md"]
    assert "**0 skills recorded**, **2 changed**" in bob
    assert "| contributor | 0 | 0 | 2025-03-01 |" in bob


def test_slugs_merge_spellings_and_survive_any_script() -> None:
    assert slug("José García") == slug("jose garcia") == "jose-garcia"
    assert slug("王小明").startswith("author-") and slug("王小明") != slug("李四")


def test_error_families_name_the_exception_type() -> None:
    assert families("`torch.OutOfMemoryError: CUDA out of memory. Tried to allocate`") == (
        "torch.OutOfMemoryError",
    )
    assert families("Got `RuntimeError: CUDA error: device-side assert triggered`") == (
        "RuntimeError: CUDA error",
    )
    assert families("[rank0]: NCCL error in: ../init.cpp:1, unhandled system error") == (
        "NCCL error",
    )
    assert families("loss went to nan after warmup") == ()


def test_stats_count_what_the_registry_holds(root: Path) -> None:
    registry = load_registry(root).registry
    stats = registry_stats(registry, load_history(root, registry))
    assert [(m, [p.name for p in ps]) for m, ps in stats.added] == [
        ("2025-01", ["lora-fp16-nan"]),
        ("2025-02", ["vllm-oom"]),
        ("2025-03", ["ddp-hang"]),
    ]
    assert stats.failed == {"distributed": 3, "serving": 2, "training": 2}
    assert stats.entries == {"distributed": 2, "serving": 0, "training": 1}
    assert stats.families == [
        ("ValueError", 4, True),  # lora: its entry and a row; vllm-oom and ddp-hang: a row each
        ("torch.OutOfMemoryError", 2, True),
        ("NCCL error", 1, False),  # only a troubleshooting entry names it
        ("RuntimeError: CUDA error", 1, True),
    ]
    assert [p.name for p in stats.uncovered] == ["vllm-oom"]


class Links(html.parser.HTMLParser):
    """Hrefs of the chart bars (`<a class="stats-bar">`) and every element id."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("class") == "stats-bar":
            self.bars.append(str(values["href"]))


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text())
    return links


def test_every_bar_of_the_built_stats_page_leads_to_a_page(root: Path, tmp_path: Path) -> None:
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    site = tmp_path / "site"
    build_site(root, site, mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    stats = parse(site / "stats" / "index.html")
    # 3 months + 3 categories x 2 charts + 4 families + 1 skill without troubleshooting.
    assert len(stats.bars) == 3 + 3 + 3 + 4 + 1
    base = "https://x.test/stats/"
    for href in stats.bars:
        url = urlsplit(urljoin(base, href))
        path = site / unquote(url.path).removeprefix("/") / "index.html"
        assert path.is_file(), href
        if url.fragment:
            assert url.fragment in parse(path).ids, href
    assert "../failures/?q=torch.OutOfMemoryError" in stats.bars
    assert "../errors/?q=NCCL%20error" in stats.bars
    assert "../failures/?category=distributed" in stats.bars
    assert "../categories/serving/" in stats.bars
    assert "../skills/vllm-oom/" in stats.bars
    assert "./#added-2025-02" in stats.bars
    for person in ("test-author", "zoe-muller", "carol"):
        assert (site / "authors" / person / "index.html").is_file()
    skill = (site / "skills" / "lora-fp16-nan" / "index.html").read_text()
    assert 'href="../../authors/bob/">Bob</a>' in skill
    assert (site / "feed.xml").read_text().count("<entry>") == 5
