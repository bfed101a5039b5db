"""Build, validate and publish a team's registry of Claude Code experiment skills."""
