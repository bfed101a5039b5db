"""`python3 -m site_gen.harvest`: harvest without click, for the standard-library client.

Example: python3 -m site_gen.harvest --latest --format markdown --index error-index.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from .draft import write_draft
from .harvest import harvest_file, read_harvest, read_summary
from .render import render_markdown
from .transcript import TranscriptNotFound, find_transcript


def locate(transcript: str | None, session: str | None, cwd: str | None) -> Path:
    """The transcript named, or the one of `session`, or the newest of `cwd`."""
    if transcript:
        path = Path(transcript)
        if not path.is_file():
            raise TranscriptNotFound(f"{transcript}: no such file")
        return path
    return find_transcript(session, cwd)


def report(
    path: Path,
    index: dict[str, Any] | None,
    fmt: str,
    draft: Path | None = None,
    site: str = "",
) -> str:
    """What `harvest` prints: JSON (sorted keys, indent 2) or Markdown; with `draft`, the
    files of that plugin folder it filled in."""
    return render_report(harvest_file(path, index, site), fmt, draft)


def render_report(data: dict[str, Any], fmt: str, draft: Path | None = None) -> str:
    if draft is not None:
        written = write_draft(data, draft)
        return "".join(f"drafted {draft / name}\n" for name in written)
    if fmt == "markdown":
        return render_markdown(data)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None, index: dict[str, Any] | None = None, site: str = "") -> int:
    """The command line; the plugin's client passes the error index it has cached."""
    parser = argparse.ArgumentParser(prog="harvest", description=__doc__.splitlines()[0])
    parser.add_argument("transcript", nargs="?")
    parser.add_argument("--session")
    parser.add_argument("--latest", action="store_true")
    parser.add_argument("--cwd")
    parser.add_argument("--format", choices=["json", "markdown"], default="json")
    parser.add_argument("--index", help="error-index.json of the registry site (known errors)")
    parser.add_argument("--site", default="", help="the registry site's URL, for entry links")
    parser.add_argument("--draft", type=Path, help="plugin folder to fill in from the harvest")
    parser.add_argument("--quiet", action="store_true", help="no summary line on stderr")
    args = parser.parse_args(argv)
    try:
        path = locate(args.transcript, args.session, args.cwd)
        if args.index:
            index = json.loads(Path(args.index).read_text("utf-8"))
    except (TranscriptNotFound, OSError, ValueError) as exc:
        print(f"harvest: {exc}", file=sys.stderr)
        return 1
    try:
        start = time.perf_counter()
        harvest = read_harvest(path)
        data = harvest.result(index, args.site or site)
        sys.stdout.write(render_report(data, args.format, args.draft))
    except OSError as exc:
        print(f"harvest: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:  # plain: the client has no rich, and its caller may be an agent
        print(f"harvest: {read_summary(harvest, time.perf_counter() - start)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
