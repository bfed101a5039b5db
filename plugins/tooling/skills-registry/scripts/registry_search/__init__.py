"""Ranking shared with site-gen; see site_gen/search/vendor.py."""
