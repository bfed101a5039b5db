"""A scripted model on loopback, so the real Claude Code CLI runs whole sessions offline.

The language model is the one part of a Claude Code session that cannot be real in a test:
this server answers `POST /v1/messages` the way the Anthropic API does (a server-sent event
stream with `tool_use` blocks), following a script, and records every request the CLI sends
so a test can assert what reached the model (tool results, hook context). Everything else
(the CLI, its hooks, its transcript, the commands it runs) is real.

Usage::

    with ScriptedModel([bash("python3 train.py"), bash("ls"), say("done")]) as model:
        run_claude(..., env={"ANTHROPIC_BASE_URL": model.url, ...})
        model.requests  # every /v1/messages body, in order
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def claude_env(home: Any, model_url: str = "", **extra: str) -> dict[str, str]:
    """The environment the real `claude` CLI runs in for tests: its own HOME, offline, and
    with `model_url` a scripted model behind a test key. (Only sessions get an API: with a
    key, plugin commands wait on the network.)"""
    env = {
        "HOME": str(home),
        "PATH": os.environ["PATH"],
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_TELEMETRY": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    if model_url:
        env |= {"ANTHROPIC_BASE_URL": model_url, "ANTHROPIC_API_KEY": "sk-ant-test"}
    return env | extra


Turn = dict[str, Any]
"""One scripted assistant message: `{"tool": name, "input": {...}}` or `{"text": "..."}`."""


def bash(command: str, description: str = "run a command") -> Turn:
    """An assistant turn that calls the Bash tool."""
    return {"tool": "Bash", "input": {"command": command, "description": description}}


def tool(name: str, **tool_input: Any) -> Turn:
    """An assistant turn that calls any tool (Write, Edit, Read, ...)."""
    return {"tool": name, "input": tool_input}


def say(text: str) -> Turn:
    """An assistant turn that ends the session with text."""
    return {"text": text}


@dataclass
class ScriptedModel:
    """The loopback server; a context manager that starts and stops it."""

    script: list[Turn]
    requests: list[dict[str, Any]] = field(default_factory=list)
    """Bodies of every `/v1/messages` call of the main loop (the ones offering tools)."""
    _ids: itertools.count[int] = field(default_factory=itertools.count)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def tool_results(self) -> list[str]:
        """The text of every tool result and hook context the CLI sent, in order."""
        seen: list[str] = []
        if not self.requests:
            return seen
        for message in self.requests[-1].get("messages", []):
            content = message.get("content")
            if message.get("role") != "user" or not isinstance(content, list):
                continue
            for block in content:
                seen.append(_block_text(block))
        return seen

    def __enter__(self) -> ScriptedModel:
        model = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                self._json({})

            def do_HEAD(self) -> None:
                self._json({})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.startswith("/v1/messages") or "count_tokens" in self.path:
                    self._json({"input_tokens": 10})
                    return
                if body.get("tools"):
                    model.requests.append(body)
                    turn = model._turn(body)
                else:  # titles, summaries and other side requests of the CLI
                    turn = say("ok")
                self._stream(turn, body.get("model", "claude-sonnet-4-5"))

            def _json(self, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, turn: Turn, model_name: str) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("cache-control", "no-cache")
                self.end_headers()
                for event, data in _events(turn, model_name, next(model._ids)):
                    self.wfile.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())
                self.wfile.flush()
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _turn(self, body: dict[str, Any]) -> Turn:
        """The scripted turn for this request: one per assistant message already answered."""
        answered = sum(1 for m in body.get("messages", []) if m.get("role") == "assistant")
        return self.script[answered] if answered < len(self.script) else say("done")


def _block_text(block: Any) -> str:
    if not isinstance(block, dict):
        return str(block)
    content = block.get("content", block.get("text", ""))
    if isinstance(content, list):
        return "\n".join(_block_text(c) for c in content)
    return str(content)


def _events(turn: Turn, model: str, n: int) -> list[tuple[str, dict[str, Any]]]:
    """The server-sent events of one assistant message (each with its own id: the CLI
    merges messages that share one)."""
    usage = {"input_tokens": 10, "output_tokens": 5}
    start = {
        "type": "message_start",
        "message": {
            "id": f"msg_scripted_{n:04d}",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": usage,
        },
    }
    if "tool" in turn:
        block = {"type": "tool_use", "id": f"toolu_scripted_{n:04d}", "name": turn["tool"]}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(turn["input"])}
        block_start = {**block, "input": {}}
        stop = "tool_use"
    else:
        block_start = {"type": "text", "text": ""}
        delta = {"type": "text_delta", "text": turn["text"]}
        stop = "end_turn"
    return [
        ("message_start", start),
        (
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": block_start},
        ),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": 5},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
