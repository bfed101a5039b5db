# Copied from site_gen/files.py by `site-gen marketplace`: edit that file.
"""Plugin files on disk, read safely: every failure a `Problem`, nothing read twice.

`FileReader` remembers the texts it read (validation and the secret scan use them), refuses
symlinks out of the registry, names that are not UTF-8, files over the size limit and files
that are not UTF-8, and turns each into a problem naming the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

from . import problems as P
from .secret_files import secret_problems

MAX_FILE_BYTES = 1_000_000
"""Larger text files are refused: a skill is read by people and fits an agent's context."""
TEXT_SUFFIXES = {
    ".md",
    ".json",
    ".py",
    ".sh",
    ".txt",
    ".yaml",
    ".yml",
    ".toml",
    ".cfg",
    ".ini",
    ".patch",
    ".diff",
    ".js",
    ".ts",
    ".ipynb",
    ".env",
    ".r",
    ".jl",
    ".lua",
    "",
}


def unreadable(rel: str, exc: OSError) -> P.Problem:
    return P.error(
        rel,
        0,
        "E009",
        f"cannot read the file: {exc.strerror}",
        "check its permissions (git keeps only the executable bit)",
    )


class FileReader:
    """Reads files safely, remembering texts and turning failures into problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[P.Problem] = []
        self.texts: dict[str, str] = {}
        self.files: set[str] = set()
        self._prefix = os.fspath(root).rstrip(os.sep) + os.sep

    def rel(self, path: Path) -> str:
        text = os.fspath(path)
        if text.startswith(self._prefix):  # string test first: pathlib is slow on 10,000 files
            return text[len(self._prefix) :].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def bad_name(self, path: Path) -> bool:
        """A file or folder name that is not UTF-8 (a problem, and the path is skipped):
        pages, URLs and JSON cannot carry it."""
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(self.rel(path)).decode("utf-8", "backslashreplace")
            self.problems.append(
                P.error(shown, 0, "E012", "file name is not UTF-8", "rename it (git mv) to UTF-8")
            )
            return True
        return False

    def escapes_root(self, path: Path) -> bool:
        """A symlink (anywhere on the way) that leads out of the registry."""
        if not path.is_symlink():
            return False
        target = Path(os.path.realpath(path))
        if target == self.root or self.root in target.parents:
            return False
        self.problems.append(
            P.error(
                self.rel(path),
                0,
                "E003",
                f"symlink points outside the registry (to {os.readlink(path)})",
                "copy the file into the plugin folder instead of linking to it",
            )
        )
        return True

    def read_text(self, path: Path, required: bool = True) -> str | None:
        rel = self.rel(path)
        if self.escapes_root(path):
            return None
        if not path.is_file():
            if required:
                self.problems.append(
                    P.error(
                        rel,
                        0,
                        "E004",
                        "file is missing",
                        "see templates/experiment-skill-template/",
                    )
                )
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.problems.append(
                P.error(
                    rel,
                    0,
                    "E005",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                    "keep the knowledge, move bulk logs and data out of the registry",
                )
            )
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problems.append(unreadable(rel, exc))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problems.append(
                P.error(
                    rel,
                    line,
                    "E006",
                    f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                    "re-save the file as UTF-8",
                )
            )
            return None
        text = text.removeprefix("\ufeff")
        if not text.strip():
            self.problems.append(
                P.error(rel, 0, "E007", "file is empty", "see templates/experiment-skill-template/")
            )
            return None
        self.texts[rel] = text
        return text


def sorted_dirs(parent: Path, reader: FileReader) -> list[Path]:
    found = []
    for child in sorted(parent.iterdir()):
        if child.name.startswith(".") or reader.bad_name(child):
            continue
        if reader.escapes_root(child):
            continue
        if child.is_dir():
            found.append(child)
    return found


def scan_files(folder: Path, reader: FileReader) -> tuple[list[str], str]:
    """Every file in the plugin (sorted), each scanned for secrets, and a hash."""
    digest = hashlib.sha256()
    paths: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not reader.escapes_root(Path(dirpath, d)) and not reader.bad_name(Path(dirpath, d))
        )
        rel_dir = reader.rel(Path(dirpath))
        for filename in sorted(filenames):
            path = Path(dirpath, filename)
            rel = f"{rel_dir}/{filename}"
            if reader.escapes_root(path) or reader.bad_name(path):
                continue
            try:
                info = os.stat(path)  # follows a symlink that stays inside the registry
            except OSError:
                continue  # a dangling symlink: nothing to read
            if not stat.S_ISREG(info.st_mode):
                continue
            paths.append(rel)
            reader.files.add(rel)
            size = info.st_size
            digest.update(f"{rel}\0{size}\0".encode())
            if size > MAX_FILE_BYTES:  # streamed by the scan in bounded blocks, never held
                reader.problems.extend(secret_problems(path, rel))
            else:
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    reader.problems.append(unreadable(rel, exc))
                    continue
                reader.problems.extend(secret_problems(path, rel, data))  # read once
                digest.update(data)
                if path.suffix.lower() in TEXT_SUFFIXES and rel not in reader.texts:
                    with contextlib.suppress(UnicodeDecodeError):  # binary: nothing to scan
                        reader.texts[rel] = data.decode("utf-8")
    return sorted(paths), digest.hexdigest()
