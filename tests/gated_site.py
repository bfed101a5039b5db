"""A built site's compact index on a real loopback HTTP server, with an ETag, whose answers a
test can hold back (`gate`) to show that a hook did not wait for them."""

from __future__ import annotations

import hashlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from site_gen.config import Config
from site_gen.model import Registry
from site_gen.search.compact import compact_index_files


class _Site(SimpleHTTPRequestHandler):
    """A static site with an ETag on `skills-index.json` (304 when it matches); every request
    waits for `gate` and is counted in `seen` (the `If-None-Match` it sent)."""

    gate: ClassVar[threading.Event]
    seen: ClassVar[list[str]]

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        type(self).seen.append(f"{self.path} {self.headers.get('If-None-Match')}")
        self.gate.wait(60)
        if self.path.endswith("/skills-index.json"):
            body = Path(self.directory, "skills-index.json").read_bytes()
            tag = '"' + hashlib.sha256(body).hexdigest()[:12] + '"'
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", tag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client killed mid-answer (a test kills the builder)


class Site:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.handler = type("Handler", (_Site,), {"gate": threading.Event(), "seen": []})
        self.handler.gate.set()
        self.server = _Server(("127.0.0.1", 0), partial(self.handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, registry: Registry, config: Config) -> None:
        """Write the registry's `skills-index.json` and parts, as `site-gen build` does."""
        for rel, content in compact_index_files(registry, config).items():
            path = self.folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())

    def close(self) -> None:
        self.handler.gate.set()
        self.server.shutdown()
        self.server.server_close()
