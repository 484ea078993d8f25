"""Which files a folder or a glob names: regular files only, symlink loops detected.

A FIFO or device would block or never end, so it is reported and never opened; a symlink
that leads back into a folder being walked is reported and not followed; a folder that
cannot be listed is reported, not skipped in silence. Names are walked as the bytes the
file system holds (any name works) and shown through `shown_name`.
"""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from storyfold.read.safe import shown_name
from storyfold.records import ReadError

FileKey = tuple[int, int]  # (device, inode): one file however it is reached
_GLOB_CHARS = frozenset("*?[")
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def special_file_error(path: Path | str, mode: int) -> ReadError:
    return ReadError(shown_name(path), f"{kind_of(mode)}, not a regular file: skipped")


def walk(
    folder: Path, wanted: Callable[[Path], bool]
) -> Iterator[tuple[Path, FileKey] | ReadError]:
    """Regular files under `folder` for which `wanted(path)` holds, in sorted order (the
    order of sorting the paths), skipping hidden files and folders; problems as
    ReadErrors in their place."""
    try:
        st = os.stat(folder)
    except OSError as exc:
        yield ReadError(shown_name(folder), exc.strerror or str(exc))
        return
    yield from _walk(folder, wanted, ancestors={(st.st_dev, st.st_ino)}, done=set())


def _walk(
    folder: Path, wanted: Callable[[Path], bool], *, ancestors: set[FileKey],
    done: set[FileKey],
) -> Iterator[tuple[Path, FileKey] | ReadError]:
    try:
        with os.scandir(folder) as it:
            names = sorted(entry.name for entry in it)
    except OSError as exc:
        yield ReadError(shown_name(folder), f"cannot list folder ({exc.strerror or exc})")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        try:
            st = os.stat(path)  # follows symlinks: a link counts as what it leads to
        except OSError as exc:
            if os.path.islink(path) and wanted(path):
                why = "symlink loop" if exc.errno == 40 else "broken symlink"
                yield ReadError(shown_name(path), f"{why} ({exc.strerror}): skipped")
            elif not os.path.islink(path):
                yield ReadError(shown_name(path), exc.strerror or str(exc))
            continue
        key = (st.st_dev, st.st_ino)
        if stat.S_ISDIR(st.st_mode):
            if key in ancestors:
                yield ReadError(shown_name(path), "symlink loop (leads back into a folder "
                                                  "being read): not followed")
            elif key not in done:
                done.add(key)
                yield from _walk(path, wanted, ancestors=ancestors | {key}, done=done)
        elif stat.S_ISREG(st.st_mode):
            if wanted(path):
                yield path, key
        else:
            yield special_file_error(path, st.st_mode)


def is_glob(name: str) -> bool:
    return bool(_GLOB_CHARS & set(name))


def glob_matches(pattern: str) -> list[str] | tuple[str, re.Pattern[str]]:
    """Matches of a pattern without `**` (glob itself: it reads one folder per component,
    so it cannot loop), or for a recursive pattern the folder to walk and the regex a
    path relative to it must match (glob's own `**` follows symlinked folders round a loop)."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    parts = pattern.split(os.sep)
    fixed: list[str] = []
    for part in parts:
        if is_glob(part):
            break
        fixed.append(part)
    base = os.sep.join(fixed) or ("/" if pattern.startswith(os.sep) else ".")
    rest = os.sep.join(parts[len(fixed):])
    return base, re.compile(_translate(rest))  # matched against paths relative to base


def _translate(pattern: str) -> str:
    """A glob pattern as a regex over paths: `**/` any folders (none too), `**` anything,
    `*` and `?` within one name, `[...]` a class."""
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern.startswith("[!", i) else i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                body = "^" + body[1:] if body.startswith("!") else body
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return "(?s:" + "".join(out) + r")\Z"
