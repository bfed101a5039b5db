"""A `serve` session (in-place rebuilds with one `BuildCache`): after each change the site
equals a cold build of the same registry, the index pages that list every plugin included
(their rows are kept per plugin object between rebuilds: `plugin_memo`), MkDocs' own
templates (the 404 page and the sitemap, from the environment kept: `mkdocs_env`), and the
pages and folders of a removed plugin (gone: `site_prune`)."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from site_gen.build import BuildCache, build_site
from site_gen.search.site_index import BUNDLE
from tests.conftest import REPO, MakeRegistry, plugin_files

YML = REPO / "mkdocs.yml"
SKILL = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"


def _differences(a: Path, b: Path) -> list[str]:
    """Paths that differ; the search bundle aside (`serve` indexes it again only when a
    page comes or goes: `SEARCH_LAGS`)."""
    found: list[str] = []
    stack = [filecmp.dircmp(a, b, ignore=[BUNDLE])]
    while stack:
        cmp = stack.pop()
        rel = Path(cmp.left).relative_to(a)
        found += [str(rel / name) for name in cmp.left_only + cmp.right_only]
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found += [str(rel / name) for name in mismatch + errors]
        stack += cmp.subdirs.values()
    return sorted(found)


def test_each_rebuild_of_a_session_equals_a_cold_build(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    out, cache = root / "site", BuildCache()
    build_site(root, out, mkdocs_yml=YML, cache=cache, echo=lambda _: None)
    skill = root / SKILL
    manifest = root / "plugins/training/lora-fp16-nan/.claude-plugin/plugin.json"

    def edit_rows() -> None:  # a row of the tags, category and failure-mode pages
        skill.write_text(skill.read_text().replace("Use bf16 or lr 1e-4", "Use bf16, or lr 2e-5"))
        text = manifest.read_text()
        manifest.write_text(text.replace("LoRA fine-tuning in fp16", "LoRA tuning in fp16"))

    def add_plugin() -> None:
        for rel, text in plugin_files("kv-cache-oom", "inference").items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)

    def remove_plugin() -> None:
        shutil.rmtree(root / "plugins/distributed/ddp-hang")

    for step, change in enumerate((edit_rows, add_plugin, remove_plugin)):
        change()
        build_site(root, out, mkdocs_yml=YML, cache=cache, echo=lambda _: None)
        cold = tmp_path / f"cold-{step}"
        build_site(root, cold, mkdocs_yml=YML, echo=lambda _: None)
        assert _differences(out, cold) == [], change.__name__
    names = ("tags", "failures", "categories/training")
    pages = {name: (out / name / "index.html").read_text() for name in names}
    assert "LoRA tuning in fp16" in pages["categories/training"]
    assert "lr 2e-5" in pages["failures"]
    assert "ddp-hang" not in pages["tags"] and "kv-cache-oom" in pages["tags"]
