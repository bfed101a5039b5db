"""Dates from git history (one `git log` pass), the fallback without git, and feed.xml read by
a real feed parser and checked against the Atom rules (RFC 4287) that can be checked offline."""

from __future__ import annotations

import datetime as dt
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from site_gen.config import Config
from site_gen.emit.feed import ATOM, render_feed
from site_gen.history import load_history
from site_gen.loader import load_registry
from site_gen.render import render_pages
from tests.front_registry import make_git_registry, make_plain_registry

CONFIG = Config(
    marketplace="acme-skills",
    owner="Acme ML",
    repo="acme/skills",
    site_url="https://acme.github.io/skills",
)
UTC = dt.UTC
LORA = "plugins/training/lora-fp16-nan"
VLLM = "plugins/serving/vllm-oom"
DDP = "plugins/distributed/ddp-hang"


@pytest.fixture(scope="module")
def git_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_git_registry(tmp_path_factory.mktemp("git") / "registry")


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def test_dates_and_authors_come_from_the_commits(git_root: Path) -> None:
    history = load_history(git_root, load_registry(git_root).registry)
    lora, vllm, ddp = history[LORA], history[VLLM], history[DDP]
    assert (lora.added, lora.updated, lora.updated_by) == (
        when("2025-01-10T09:00:00+00:00"),
        when("2025-02-03T12:00:00+00:00"),
        "Bob",
    )
    # The front matter's author first, then committers (one commit each: by name).
    assert lora.authors == ("Test Author", "Alice", "Bob")
    # Moved to another category: the history before the move still counts.
    assert vllm.added == when("2025-02-05T06:00:00+00:00")
    assert (vllm.updated, vllm.updated_by) == (when("2025-03-01T15:30:00+00:00"), "Bob")
    assert vllm.authors == ("Zoë Müller", "Bob", "Carol")
    assert ddp.added == ddp.updated == when("2025-03-01T15:15:00+00:00")
    assert [c.author for c in lora.changes] == ["Bob", "Alice"]


def test_without_git_the_front_matter_date_and_author_stand_in(tmp_path: Path) -> None:
    root = make_plain_registry(tmp_path)
    history = load_history(root, load_registry(root).registry)
    lora = history[LORA]
    assert lora.added == lora.updated == dt.datetime(2025, 11, 2, tzinfo=UTC)
    assert (lora.updated_by, lora.authors, lora.from_git) == (
        "Test Author",
        ("Test Author",),
        False,
    )
    page = render_pages(load_registry(root).registry, CONFIG, history=history)
    assert "Last changed" not in page["skills/lora-fp16-nan.md"]


def test_skill_page_says_when_and_by_whom_it_last_changed(git_root: Path) -> None:
    registry = load_registry(git_root).registry
    pages = render_pages(registry, CONFIG, history=load_history(git_root, registry))
    page = pages["skills/lora-fp16-nan.md"]
    assert "| **Last changed** | 2025-02-03 by [Bob](../authors/bob.md) |" in page
    assert "| **Contributors** | [Alice](../authors/alice.md), [Bob](../authors/bob.md) |" in page
    home = pages["index.md"]
    # "This week" ends at the newest change (2025-03-01 15:30 UTC): ddp-hang is new.
    new = home.split("## New this week", 1)[1].split("## Recently updated", 1)[0]
    assert "Added in the seven days up to 2025-03-01:" in new
    assert "[ddp-hang](skills/ddp-hang.md)" in new and "vllm-oom" not in new
    updated = home.split("## Recently updated", 1)[1].split("\n\n", 2)[1]
    assert [re.search(r"\[([\w-]+)\]", r).group(1) for r in updated.splitlines()[2:]] == [  # type: ignore[union-attr]
        "vllm-oom",
        "lora-fp16-nan",
    ]
    assert "| 2025-03-01 | [Bob](authors/bob.md) |" in updated


def parse(text: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_feed_lists_additions_and_updates_newest_first(git_root: Path) -> None:
    registry = load_registry(git_root).registry
    feed = parse(render_feed(registry, CONFIG, load_history(git_root, registry)))
    assert feed.feed.title == "acme-skills: new and updated skills"
    assert [(e.title, e.updated) for e in feed.entries] == [
        ("Updated: vllm-oom", "2025-03-01T15:30:00Z"),
        ("New skill: ddp-hang", "2025-03-01T15:15:00Z"),
        ("New skill: vllm-oom", "2025-02-05T06:00:00Z"),
        ("Updated: lora-fp16-nan", "2025-02-03T12:00:00Z"),
        ("New skill: lora-fp16-nan", "2025-01-10T09:00:00Z"),
    ]
    first = feed.entries[0]
    assert first.link == "https://acme.github.io/skills/skills/vllm-oom/"
    assert first.id == "https://acme.github.io/skills/skills/vllm-oom/#updated-2025-03-01"
    assert [a.name for a in first.authors] == ["Bob"]
    assert [a.name for a in feed.entries[2].authors] == ["Zoë Müller", "Bob", "Carol"]
    assert first.tags[0].term == "serving"
    # The description, the newest failed attempts (last rows first) and the link.
    content = first.content[0].value
    assert content.startswith("<p>LoRA fine-tuning in fp16 without NaN losses.")
    assert content.index("Plain GradScaler") < content.index("fp16 with lr 3e-4")
    assert "ValueError: Attempting to unscale FP16 gradients." in content
    assert '<a href="https://acme.github.io/skills/skills/vllm-oom/">Read the skill</a>' in content


def test_feed_follows_the_atom_rules(git_root: Path) -> None:
    registry = load_registry(git_root).registry
    text = render_feed(registry, CONFIG, load_history(git_root, registry))
    root = ET.fromstring(text)
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    rfc3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")
    # atom:feed: exactly one id, title, updated; an author (feed or every entry); a self link.
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"a:{name}", ns)) == 1, name
    assert rfc3339.match(root.findtext("a:updated", namespaces=ns) or "")
    assert root.findall("a:author/a:name", ns)
    self_links = [link for link in root.findall("a:link", ns) if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == ["https://acme.github.io/skills/feed.xml"]
    ids = []
    newest = ""
    for entry in root.findall("a:entry", ns):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"a:{name}", ns)) == 1, name
        updated = entry.findtext("a:updated", namespaces=ns) or ""
        assert rfc3339.match(updated)
        newest = max(newest, updated)
        ids.append(entry.findtext("a:id", namespaces=ns))
        alternates = [k for k in entry.findall("a:link", ns) if k.get("rel") == "alternate"]
        assert len(alternates) == 1
        assert all(k.get("href", "").startswith("https://") for k in entry.findall("a:link", ns))
        assert entry.find("a:content", ns).get("type") == "html"  # type: ignore[union-attr]
        # content is not a link (no src), so a summary is optional; we give one.
        assert entry.findtext("a:summary", namespaces=ns)
    assert len(ids) == len(set(ids)) == 5
    assert all(i and i.startswith("https://acme.github.io/skills/") for i in ids)
    assert root.findtext("a:updated", namespaces=ns) == newest


def test_feed_is_byte_identical_in_any_time_zone(
    git_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = load_registry(git_root).registry
    texts = set()
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        texts.add(render_feed(registry, CONFIG, load_history(git_root, registry)))
    monkeypatch.delenv("TZ")
    time.tzset()
    assert len(texts) == 1


def test_feed_without_git_dates_entries_by_front_matter(tmp_path: Path) -> None:
    root = make_plain_registry(tmp_path)
    registry = load_registry(root).registry
    feed = parse(render_feed(registry, CONFIG, load_history(root, registry)))
    assert {e.title for e in feed.entries} == {
        "New skill: ddp-hang",
        "New skill: lora-fp16-nan",
        "New skill: vllm-oom",
    }
    assert {e.updated for e in feed.entries} == {"2025-11-02T00:00:00Z"}


def test_feed_text_with_markup_and_control_characters_stays_valid_xml(tmp_path: Path) -> None:
    root = make_plain_registry(tmp_path)
    manifest = root / LORA / ".claude-plugin/plugin.json"
    manifest.write_text(
        manifest.read_text().replace("LoRA fine-tuning", "<script>x</script> \\u000b & LoRA")
    )
    registry = load_registry(root).registry
    feed = parse(render_feed(registry, CONFIG, load_history(root, registry)))
    lora = next(e for e in feed.entries if e.title.endswith("lora-fp16-nan"))
    assert "&lt;script&gt;x&lt;/script&gt;" in lora.content[0].value
    assert "<script>" not in lora.content[0].value
