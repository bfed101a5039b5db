"""The emitters' files written into the staging site as they are made, not gathered first.

At 10,000 skills the emitted files (the per-skill copies, the error index, the client index)
are hundreds of megabytes of text; held together in one dict until the last emitter ends,
they sat on top of everything else the build holds. `StagedFiles` is the mapping the
emitters fill (`emit.site_files(into=...)`): each file goes to disk when it is set and only
its path stays in memory. It writes into the build's temporary staging folder, which is
swapped into place only after every step succeeded, so a failure part-way through the emit
leaves the published site as it was.

After one edit almost every emitted file (about 54,000 at 10,000 skills) has the bytes it
had in the site being replaced. Such a file is hard-linked from that site (`previous`)
instead of written: one directory entry instead of a new file's blocks. A link shares the
file with the old site, so nothing may write a linked file in place afterwards: a path set
twice is unlinked before it is written again, `site_dir.write_emitted` (serve's in-place
emit) replaces a file rather than writing into it, and the old site is only ever renamed
and deleted. A failed build deletes the staging folder, which removes the links and leaves
the old site's files as they were. Where a link cannot be made (another filesystem, a
filesystem without hard links, a file's link count at its limit) the file is written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, MutableMapping
from pathlib import Path

from .site_dir import BuildError


class StagedFiles(MutableMapping[str, str | bytes]):
    """Site-relative path -> content, written straight into `site` (a staging folder).

    A path MkDocs already built is refused (BuildError), as `site_dir.write_emitted` does;
    a path set twice is written again (the later emitter wins, as with a dict). Reading a
    file back is not needed by any emitter, so it is not offered. `previous`: the site
    this one replaces (ours: `site_dir.check_out_dir`), whose files with the same bytes are
    hard-linked instead of written (module docstring)."""

    def __init__(self, site: Path, previous: Path | None = None) -> None:
        self.site = site
        self.previous = previous
        self.written: set[str] = set()
        self.linked = 0

    def __setitem__(self, rel: str, content: str | bytes) -> None:
        path = self.site / rel
        if rel in self.written:
            path.unlink()  # it may be a link to the old site's file: never written into
        elif path.exists():
            raise BuildError(f"emitted file {rel} would overwrite a page MkDocs built")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if self._link_same(rel, path, data):
            self.linked += 1
        else:
            path.write_bytes(data)
        self.written.add(rel)

    def _link_same(self, rel: str, path: Path, data: bytes) -> bool:
        """Hard-link the previous site's file at `rel` to `path` if it holds `data`."""
        if self.previous is None:
            return False
        old = self.previous / rel
        try:
            info = os.lstat(old)
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            if old.read_bytes() != data:
                return False
            os.link(old, path, follow_symlinks=False)
        except OSError:  # gone, unreadable, another filesystem, no links there: write it
            return False
        return True

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
