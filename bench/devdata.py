"""Where the labelled dev data lives, for the bench scripts.

$STORYFOLD_DATA, else ../shared/data beside the clone, else /work/shared/data (the same
order as tests/conftest.py). Labels are read to score, never by storyfold itself.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path | None:
    """The first candidate folder that exists, or None."""
    for candidate in (os.environ.get("STORYFOLD_DATA"), ROOT.parent / "shared" / "data",
                      "/work/shared/data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def require(name: str) -> Path:
    """The path of `name` inside the data folder; exits with a hint when it is missing."""
    folder = data_dir()
    if folder is None or not (folder / name).exists():
        raise SystemExit(f"{name} not found in the dev data (set STORYFOLD_DATA)")
    return folder / name
