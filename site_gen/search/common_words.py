"""Words on most pages of the site, with their page share: what the search box leaves out of a
query that has rarer words (`overrides/assets/javascripts/site-search.js`).

A word on nearly every page ("cuda", "memory", "the" on a registry of GPU training skills)
narrows a query by nothing, yet Pagefind fetches its postings for every page: at 10,000
skills "CUDA out of memory" fetched four index chunks of 190-280 KB. Pagefind has no stop
words of its own (its docs list none), so the build counts, per page, the plain words of
the text Pagefind indexes and publishes those above `COMMON_SHARE` in
`pagefind/site-search.json`. Only plain lowercase letters: a code-like token
(`CUDA_VISIBLE_DEVICES`, `init_process_group`) is never on the list, so it is always searched.
"""

from __future__ import annotations

import re
from collections import Counter

COMMON_SHARE = 0.5
"""A word on at least this share of the indexed pages is common. High, so that a word that
still tells pages apart ("nccl" on 30% of the generated skills) is always searched."""
MAX_COMMON = 400
"""At most this many common words are published (the most common first): the list is
fetched with the first keystroke."""

_WORD = re.compile(r"[a-z]+")


def page_words(text: str) -> set[str]:
    """The distinct plain words of a page's text, lowercased (parts of code tokens included:
    Pagefind indexes `vllm_skip_weight_sync` under `weight` too)."""
    return set(_WORD.findall(text.lower()))


def common_words(counts: Counter[str], pages: int) -> dict[str, float]:
    """Words on at least `COMMON_SHARE` of `pages`, by page share rounded to 3 places."""
    if pages <= 0:
        return {}
    common = [(count, word) for word, count in counts.items() if count >= COMMON_SHARE * pages]
    common.sort(key=lambda item: (-item[0], item[1]))
    return {word: round(count / pages, 3) for count, word in common[:MAX_COMMON]}
