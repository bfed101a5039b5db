"""The term shards' bucket maxima: each stored bound is an upper bound, and a tight one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_gen.emit import bucket_maxima

IMPACT = st.floats(min_value=1e-4, max_value=2.2, allow_nan=False)


@st.composite
def maxima(draw: st.DrawFn) -> tuple[list[tuple[int, float]], int]:
    buckets = draw(st.integers(min_value=1, max_value=400))
    held = draw(st.sets(st.integers(min_value=0, max_value=buckets - 1), min_size=1))
    return [(k, draw(IMPACT)) for k in sorted(held)], buckets


@pytest.mark.parametrize(("coarse", "levels"), [(False, 8000), (True, 88)])
@given(case=maxima())
def test_every_bound_holds_and_is_tight(
    case: tuple[list[tuple[int, float]], int], coarse: bool, levels: int
) -> None:
    values, buckets = case
    form = bucket_maxima.encode(values, buckets, coarse=coarse)
    bounds = bucket_maxima.decode(form)
    assert sorted(bounds) == [k for k, _ in values]
    spread = max(v for _, v in values) - min(v for _, v in values)
    for k, value in values:
        assert value <= bounds[k]
        # sparse: hundredths; dense: one of 8,281 levels between the least and the largest
        # (coarse: one of 91)
        assert bounds[k] - value <= max(1 / bucket_maxima.SCALE, spread / levels + 2e-5)


def test_a_common_term_takes_two_characters_a_bucket() -> None:
    values = [(k, 1.0 + k / 1000) for k in range(0, 300, 2)]
    chars, lo, step = bucket_maxima.encode(values, 300)
    assert isinstance(chars, str) and len(chars) == 600 and chars[2:4] == "!!"
    assert (lo, step) == (1.0, 3.6e-05)  # (1.298 - 1.0) / 8280, rounded up


def test_a_very_common_term_takes_one_character_a_bucket() -> None:
    values = [(k, 1.0 + k / 1000) for k in range(0, 300, 2)]
    chars, lo, step, one = bucket_maxima.encode(values, 300, coarse=True)
    assert isinstance(chars, str) and len(chars) == 300 and chars[1] == "!" and one == 1
    assert (lo, step) == (1.0, 0.00331112)  # (1.298 - 1.0) / 90, rounded up
    assert chars[0] == "#" and chars[298] == "~"  # the least level and the largest
