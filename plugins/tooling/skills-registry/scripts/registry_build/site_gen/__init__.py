# Copied from site_gen/__init__.py by `site-gen marketplace`: edit that file.
"""Build, validate and publish a team's registry of Claude Code experiment skills."""
