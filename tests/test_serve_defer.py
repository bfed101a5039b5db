"""`serve`'s rebuild after an edit: the pages first, the files made from the whole registry
after (`BuildCache.defer`, `serve.Deferred`); once those ran, the site is a clean build's."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from site_gen.build import EMIT_LAGS, BuildCache, build_site
from site_gen.serve import Deferred
from tests.conftest import MakeRegistry, plugin_files
from tests.test_build import MKDOCS_YML
from tests.test_emit_cache import _emitted

SKILL = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"


def test_rebuild_serves_the_page_then_the_registry_files_follow(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    out, yml = tmp_path / "served", Path(MKDOCS_YML)
    jobs: list[Callable[[], None]] = []
    cache = BuildCache()
    build_site(root, out, mkdocs_yml=yml, cache=cache, echo=lambda _: None)
    cache.defer = jobs.append
    skill = root / SKILL
    skill.write_text(skill.read_text().replace("lora_r: 16", "lora_r: 64"))
    said: list[str] = []
    result = build_site(root, out, mkdocs_yml=yml, cache=cache, echo=said.append)

    assert "emit" not in result.seconds and EMIT_LAGS in said and len(jobs) == 1
    page = (out / "skills/lora-fp16-nan/index.html").read_text()
    assert "lora_r: 64" in re.sub(r"<[^>]+>", "", page)  # highlighted: spans around words
    well_known = out / ".well-known/skills/lora-fp16-nan/SKILL.md"
    assert "lora_r: 16" in well_known.read_text()  # not yet: the job has not run
    jobs.pop()()
    assert "lora_r: 64" in well_known.read_text()

    clean = tmp_path / "clean"
    build_site(root, clean, mkdocs_yml=yml, echo=lambda _: None)
    emitted = _emitted(clean)
    assert _emitted(out) == emitted and len(emitted) > 10
    assert [rel for rel in emitted if (out / rel).read_bytes() != (clean / rel).read_bytes()] == []


def test_deferred_runs_the_newest_job_once_and_never_beside_a_rebuild() -> None:
    said: list[str] = []
    deferred = Deferred(said.append)
    ran: list[str] = []
    deferred.put(lambda: ran.append("old"))
    deferred.put(lambda: ran.append("new"))  # a second rebuild before the first job ran
    with deferred.lock:
        deferred.start()  # the thread waits for the rebuild holding the lock
        assert ran == []
    for thread in threading.enumerate():
        if thread.name == "site-gen-emit":
            thread.join()
    deferred.run()  # nothing left
    assert ran == ["new"] and said == []
