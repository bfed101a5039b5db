#!/usr/bin/env python3
"""The team registry's client inside Claude Code: standard library only, Python 3.9+.

    python3 skills_registry.py advise "GRPO on 8 A100s with an external vLLM server"
    python3 skills_registry.py advise --json "..."      # the shape of `site-gen advise --json`
    python3 skills_registry.py lookup --json - < error.log   # the shape of `site-gen lookup --json`
    python3 skills_registry.py hook < payload.json    # Claude Code hooks (see hooks/hooks.json)
    python3 skills_registry.py harvest --latest --format markdown   # `site-gen harvest`

It ranks with copies of site-gen's own modules (`registry_search/`, written by
`site-gen marketplace`) over the compact index the site publishes or, inside an installed
`all-skills`, the one it builds from the registry's files (`index_store.py`, `local_index.py`).
As a hook it never blocks and never fails the tool: any problem means silence (exit 0,
nothing on stdout); `SKILLS_REGISTRY_DEBUG=1` prints the problem to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Compiled modules go to the plugin's data folder: the plugin folder stays as installed (and as
# committed in the registry), and warm hooks still skip compiling.
_DATA = os.environ.get("CLAUDE_PLUGIN_DATA") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
    "skills-registry-client",
)
sys.pycache_prefix = os.path.join(_DATA, "pycache")

from registry_search.hook_filter import worth_looking  # noqa: E402

if TYPE_CHECKING:
    from index_store import Store
# The rest is imported where it is used: after most Bash commands (exit 0, no error in the
# output) the hook stops at `worth_looking`, before the tokenizer, the index and SQLite load.

MAX_ENTRIES = 3
"""Entries of skills that quote one error alike shown at most (the rest are counted)."""
MAX_OUTPUT = 20000
"""Characters of a command's output looked at: its head and, mostly, its tail."""
HOOK_NETWORK_TIMEOUT = 3.0


def _clip_output(text: str) -> str:
    if len(text) <= MAX_OUTPUT:
        return text
    return text[:4000] + "\n" + text[-(MAX_OUTPUT - 4000) :]


# ---------------------------------------------------------------- lookup


def lookup(store: Store, text: str, limit: int = 5) -> list[dict[str, Any]]:
    """`site-gen lookup --json`: the paste ranking, absolute URLs."""
    from registry_search import tokenize
    from registry_search.rank import rank

    weights, _ = tokenize.query_terms(text)
    index = store.lookup_index(weights)
    return [m.as_json(store.meta("site")) for m in rank(index, text, limit)]


# ---------------------------------------------------------------- hooks


def _session_file(session: str) -> Path:
    from index_store import data_dir

    safe = "".join(c for c in session if c.isalnum() or c in "-_")[:80] or "unknown"
    return data_dir() / "sessions" / f"{safe}.json"


def load_session(session: str) -> dict[str, Any]:
    try:
        data = json.loads(_session_file(session).read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_session(session: str, state: dict[str, Any]) -> None:
    path = _session_file(session)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, sort_keys=True), "utf-8")
    tmp.replace(path)


def first_time(session: str, state: dict[str, Any], what: str) -> bool:
    """Whether `what` is given for the first time in this session, across every installed
    plugin running this hook (`once.py`); the plugin's own session state when the per-user
    folder cannot be written."""
    import once

    try:
        return once.claim(session, what)
    except OSError:
        given: list[str] = state.setdefault("given", [])
        if what in given:
            return False
        given.append(what)
        save_session(session, state)
        return True


def failure_text(payload: dict[str, Any]) -> str:
    """The output to look up for a hook payload, or "" when there is nothing to do."""
    event = payload.get("hook_event_name")
    if event == "PostToolUseFailure":
        if payload.get("is_interrupt"):
            return ""
        error = payload.get("error")
        return error if isinstance(error, str) else ""
    if event == "PostToolUse":
        response = payload.get("tool_response")
        command = (payload.get("tool_input") or {}).get("command")
        if not isinstance(response, dict) or _shows_text(str(command or "")):
            return ""
        stdout = response.get("stdout")
        if response.get("persistedOutputPath"):  # longer than the payload holds: read its end
            from persisted_output import full_stdout

            stdout = full_stdout(response)
        parts = [stdout, response.get("stderr")]
        text = "\n".join(p for p in parts if isinstance(p, str) and p)
        return text if worth_looking(text) else ""
    return ""


VIEWERS = frozenset(
    {"cat", "head", "tail", "less", "more", "grep", "egrep", "rg", "ag", "sed", "awk", "jq"}
    | {"yq", "diff", "git", "find", "ls", "echo", "printf", "sort", "uniq", "wc", "cut", "bat"}
    | {"nl", "xxd", "site-gen"}
)
"""Commands that show text rather than run code: an error in what they print (a log being
read, a skill being edited, a grep of the registry) is not this session's failure."""


def _shows_text(command: str) -> bool:
    """Whether a command (its first program, after `VAR=value` settings) only shows text."""
    words = [w for w in command.split() if not ("=" in w and w[0].isalpha())]
    program = Path(words[0]).name if words else ""
    return program in VIEWERS or "skills_registry.py" in command


def on_failure(payload: dict[str, Any]) -> dict[str, Any] | None:
    """PostToolUse(Failure): the hook's JSON answer, or None for silence."""
    text = failure_text(payload)
    if not text.strip():
        return None
    text = _clip_output(text)
    from index_store import open_store
    from registry_search import hook_gate, hook_text

    store = open_store(HOOK_NETWORK_TIMEOUT)
    if store is None:
        return None
    readings = hook_text.queries(text)
    index = store.lookup_index({term for reading in readings for term in reading.weights})
    matches = hook_gate.first_confident(index, readings)
    session = str(payload.get("session_id") or "")
    state = load_session(session)
    if not matches:
        if payload.get("hook_event_name") == "PostToolUseFailure" and worth_looking(text):
            command = (payload.get("tool_input") or {}).get("command", "")
            state.setdefault("uncovered", []).append(str(command)[:300])
            save_session(session, state)
        return None
    shown = [m.doc["url"] for m in matches[:MAX_ENTRIES]]
    # Several entries: one claim for the group first, so that of two plugins' hooks racing on
    # one failure one speaks for all of them; then each entry, so one given before is skipped.
    if len(shown) > 1 and not first_time(session, state, "entries " + "\n".join(shown)):
        return None
    fresh = [
        m for m in matches[:MAX_ENTRIES] if first_time(session, state, "entry " + m.doc["url"])
    ]
    if not fresh:
        return None
    from hook_context import render_context

    site = store.meta("site")
    found = [m.as_json(site) for m in fresh]
    context = render_context(found, len(matches) - len(shown), site, len(shown) - len(fresh))
    return {
        "hookSpecificOutput": {
            "hookEventName": payload["hook_event_name"],
            "additionalContext": context,
        }
    }


def run_hook(stdin: str) -> str:
    """The hook's stdout for a payload: JSON or nothing."""
    payload = json.loads(stdin)
    if not isinstance(payload, dict):
        return ""
    if payload.get("hook_event_name") == "Stop":
        from stop_hook import on_stop

        answer = on_stop(payload, load_session, save_session, first_time)
    else:
        answer = on_failure(payload)
    return json.dumps(answer) + "\n" if answer else ""


# ---------------------------------------------------------------- CLI


def hook_main() -> int:
    """Run as a hook: any problem means silence (exit 0, nothing on stdout)."""
    try:
        sys.stdout.write(run_hook(sys.stdin.read()))
    except Exception as exc:  # never fail or block the tool: silence is the fallback
        if os.environ.get("SKILLS_REGISTRY_DEBUG"):
            print(f"skills-registry hook: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["hook"]:
        return hook_main()  # on every Bash call: skip argparse's import
    if argv[:1] == ["harvest"]:
        return harvest_main(argv[1:])
    import argparse
    import sqlite3

    from index_store import data_dir

    parser = argparse.ArgumentParser(prog="skills_registry.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_advise = sub.add_parser("advise", help="skills for a described goal")
    p_advise.add_argument("goal", nargs="+")
    p_lookup = sub.add_parser("lookup", help="entries for a pasted error (- reads stdin)")
    p_lookup.add_argument("error", nargs="?", default="-")
    for p in (p_advise, p_lookup):
        p.add_argument("--json", action="store_true", dest="as_json")
        p.add_argument("--limit", type=int, default=5)
    sub.add_parser("hook", help="a Claude Code hook payload on stdin")
    sub.add_parser("harvest", help="a session transcript's failures, fixes and parameters")
    args = parser.parse_args(argv)
    if args.command == "hook":
        return hook_main()
    try:
        return answer(args)
    except (OSError, ValueError, KeyError, TypeError, sqlite3.Error) as exc:
        print(
            f"the registry index in {data_dir()} cannot be read ({exc}); delete that folder "
            "to fetch it again",
            file=sys.stderr,
        )
        return 2


def harvest_main(argv: list[str]) -> int:
    """`harvest`: site-gen's own transcript harvester (copied in `registry_search/harvest/`),
    each failure marked new or known against the cached index when there is one."""
    import sqlite3

    from index_store import open_store
    from registry_search.harvest.__main__ import main as harvest

    try:
        store = open_store(network_timeout=20.0, wait=True)
    except (OSError, ValueError, KeyError, TypeError, sqlite3.Error):
        store = None  # harvest without known/new marks rather than not at all
    if store is None:
        return harvest(argv)
    return harvest(argv, index=store.error_index(), site=store.meta("site"))


def answer(args: Any) -> int:
    """`advise` and `lookup` for people and for the /advise skill."""
    from index_store import current_source, open_store

    store = open_store(network_timeout=20.0, wait=True)
    if store is None and current_source() is not None:
        return 2  # the build (or the fetch) said why
    if store is None:
        print(
            "no registry index: set the plugin's site_url option (/plugin configure) "
            "or install all-skills from the registry",
            file=sys.stderr,
        )
        return 2
    if args.command == "lookup":
        text = sys.stdin.read() if args.error == "-" else args.error
        results = lookup(store, text, args.limit)
        print(
            json.dumps(results, indent=2, ensure_ascii=False)
            if args.as_json
            else _lookup_text(results)
        )
        return 0
    from advise_answer import advise, format_advice

    goal = " ".join(args.goal)
    found = advise(store, goal, args.limit)
    if args.as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(format_advice(found, goal))
    return 0


def _lookup_text(results: list[dict[str, Any]]) -> str:
    if not results:
        return "no match: no entry shares a word with this error"
    out = [] if results[0]["confident"] else ["no confident match; closest entries:"]
    for number, r in enumerate(results, 1):
        out.append(
            f"{number}. {r['skill']}: {r['entry']}{'  (confident)' if r['confident'] else ''}"
        )
        out.append(f"   cause: {r['cause']}\n   fix: {r['fix']}\n   {r['url']}")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
