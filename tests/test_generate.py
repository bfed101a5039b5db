"""The benchmark generator writes registries that pass `check --strict`, the same every time."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate_registry
from site_gen.registry import check_registry


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_generated_registry_passes_strict_check(tmp_path: Path) -> None:
    generate_registry(tmp_path, 20, seed=0)
    checked = check_registry(tmp_path)
    assert checked.problems == []
    plugins = list(checked.registry)
    assert len(plugins) == 20
    assert len({p.category for p in plugins}) == 12
    for plugin in plugins:
        assert 3 <= len(plugin.skills[0].failed_attempts) <= 5
        assert plugin.scripts
        skill_md = (tmp_path / plugin.skills[0].path).read_bytes()
        assert 3_000 <= len(skill_md) <= 6_000
        errors = [e for e in plugin.troubleshooting if e.source.path.endswith("troubleshooting.md")]
        assert 3 <= len(errors) <= 5
        assert all(e.errors and e.cause and e.fix for e in errors)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    generate_registry(tmp_path / "a", 20, seed=3)
    generate_registry(tmp_path / "b", 20, seed=3)
    generate_registry(tmp_path / "c", 20, seed=4)
    a, b, c = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert a == b
    assert a != c
