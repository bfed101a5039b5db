# Copied from site_gen/search/__init__.py by `site-gen marketplace`: edit that file.
"""Error lookup: one tokenizer, an error index built from the model, ranking with confidence.

The JavaScript twin (tokenizer and ranking) is `overrides/assets/javascripts/error-search.js`.
"""
