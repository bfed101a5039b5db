"""Related skills: the bit-sliced `RelatedIndex` against the definition, pair by pair."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen.model import Plugin, Registry, Skill
from site_gen.render.skill import RELATED_LIMIT, RelatedIndex

CATEGORIES = ("data", "rlhf", "training")
TAGS = ("cuda", "data", "jax", "torch", "vllm")
DATES = ("2025-01-01", "2025-06-30", "2026-02-14")


def _plugin(n: int, category: str, tags: list[str], date: str, has_skill: bool) -> Plugin:
    name = f"p{n:03d}"
    skill = Skill(
        name=name,
        path=f"plugins/{category}/{name}/skills/{name}/SKILL.md",
        front_matter={"metadata": {"date": date}},
        body="",
        body_line=1,
        sections=(),
        failed_attempts=(),
        troubleshooting=(),
    )
    return Plugin(
        category=category,
        name=name,
        path=f"plugins/{category}/{name}",
        manifest={"keywords": tags},
        skills=(skill,) if has_skill else (),
    )


def _definition(registry: Registry, plugin: Plugin) -> list[str]:
    """Every other plugin with a skill that shares a key, scored pair by pair (category 1,
    each shared tag 2), best score first, then newest, then by name."""

    def score(other: Plugin) -> int:
        shared = len(set(plugin.tags) & set(other.tags))
        return (other.category == plugin.category) + 2 * shared

    others = [p for p in registry if p.skill and p.name != plugin.name and score(p) > 0]
    newest_first = sorted(others, key=lambda p: p.name)
    newest_first.sort(key=lambda p: p.date, reverse=True)
    ranked = sorted(newest_first, key=score, reverse=True)
    return [p.name for p in ranked[:RELATED_LIMIT]]


plugins = st.lists(
    st.tuples(
        st.sampled_from(CATEGORIES),
        st.lists(st.sampled_from(TAGS), unique=True, max_size=4),
        st.sampled_from(DATES),
        st.booleans(),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(plugins)
def test_related_matches_the_definition(specs: list[tuple[str, list[str], str, bool]]) -> None:
    registry = Registry("/r", tuple(_plugin(n, *spec) for n, spec in enumerate(specs)))
    index = RelatedIndex(registry)
    for plugin in registry:
        assert [p.name for p in index.related(plugin)] == _definition(registry, plugin)


def test_ties_go_to_the_newest_then_the_name() -> None:
    registry = Registry(
        "/r",
        (
            _plugin(0, "data", ["jax"], "2025-01-01", True),
            _plugin(1, "data", ["jax"], "2026-02-14", True),
            _plugin(2, "data", ["jax"], "2026-02-14", True),
            _plugin(3, "rlhf", ["jax", "torch"], "2025-01-01", True),
            _plugin(4, "data", [], "2026-02-14", False),
        ),
    )
    related = RelatedIndex(registry).related(registry.plugins[0])
    assert [p.name for p in related] == ["p001", "p002", "p003"]
