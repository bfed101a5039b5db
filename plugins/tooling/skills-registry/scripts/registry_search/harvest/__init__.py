# Copied from site_gen/harvest/__init__.py by `site-gen marketplace`: edit that file.
"""`site-gen harvest`: the verbatim material of a skill, read from a session transcript.

Standard library only (Python 3.9+), with `search/tokenize.py`, `search/rank.py` and
`secrets.py`: the tooling plugin's client runs the same code as `python3 -m site_gen.harvest`.
"""
