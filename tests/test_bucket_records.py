"""A scoring record's terms string: what the page decodes is what was stored."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from site_gen.emit import bucket_records

PAIRS = st.dictionaries(
    st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**6)
).map(lambda tfs: sorted(tfs.items()))


@given(PAIRS)
def test_pairs_survive_the_file(pairs: list[tuple[int, int]]) -> None:
    text = json.loads(json.dumps(bucket_records.encode(pairs)))
    assert bucket_records.decode(text) == pairs


def test_small_numbers_take_one_character_and_json_adds_no_escapes() -> None:
    # 5, 30 and 10 end at once (alphabet positions 50, 75, 55); the gap 900 = 20 * 45 + 0
    # takes two: position 20, then 45 (a last digit of 0)
    assert bucket_records.encode([(5, 30), (905, 10)]) == "U" + "o" + "7P" + "Z"
    text = bucket_records.encode([(t, t % 1000 + 1) for t in range(0, 10**6, 997)])
    assert json.dumps(text) == f'"{text}"'
