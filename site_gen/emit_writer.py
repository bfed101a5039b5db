"""The emitters' files written into the staging site as they are made, not gathered first.

At 10,000 skills the emitted files (the per-skill copies, the error index, the client index)
are hundreds of megabytes of text; held together in one dict until the last emitter ends,
they sat on top of everything else the build holds. `StagedFiles` is the mapping the
emitters fill (`emit.site_files(into=...)`): each file goes to disk when it is set and only
its path stays in memory. It writes into the build's temporary staging folder, which is
swapped into place only after every step succeeded, so a failure part-way through the emit
leaves the published site as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from pathlib import Path

from .site_dir import BuildError


class StagedFiles(MutableMapping[str, str | bytes]):
    """Site-relative path -> content, written straight into `site` (a staging folder).

    A path MkDocs already built is refused (BuildError), as `site_dir.write_emitted` does;
    a path set twice is written again (the later emitter wins, as with a dict). Reading a
    file back is not needed by any emitter, so it is not offered."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.written: set[str] = set()

    def __setitem__(self, rel: str, content: str | bytes) -> None:
        path = self.site / rel
        if rel not in self.written and path.exists():
            raise BuildError(f"emitted file {rel} would overwrite a page MkDocs built")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        self.written.add(rel)

    def __getitem__(self, rel: str) -> str | bytes:
        raise KeyError(f"{rel}: emitted files are written, not kept")

    def __delitem__(self, rel: str) -> None:
        raise KeyError(f"{rel}: emitted files are written, not kept")

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.written))

    def __len__(self) -> int:
        return len(self.written)

    def __contains__(self, rel: object) -> bool:
        return rel in self.written
