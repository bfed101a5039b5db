"""What the failure hook's held-out sets v2, v3 and v4 share: running a command the way
Claude Code hands its failure to the hook (`run.py`) and making the case files (`cases.py`).
Each set keeps its own shapes, scripts and seeds."""
