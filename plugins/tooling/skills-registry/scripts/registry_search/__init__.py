"""Ranking shared with site-gen; see site_gen/search/vendor.py.

The modules `registry_build/` holds too (the tokenizer, the plan ranking, its concepts, the
stemmer, the secret scanner) are read from there: one copy of each in the plugin."""

import os as _os

_BUILT = _os.path.join(_os.path.dirname(_os.path.dirname(__file__)), "registry_build", "site_gen")
__path__ += [_os.path.join(_BUILT, "search"), _BUILT]  # noqa: F821 (the package's own path)
