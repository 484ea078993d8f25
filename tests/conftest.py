"""Shared fixtures: paths to the bundled seeds and to the labelled dev data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"


def data_dir() -> Path | None:
    """Labelled dev data: $STORYFOLD_DATA, else ../shared/data beside the clone."""
    candidates = [os.environ.get("STORYFOLD_DATA"), ROOT.parent / "shared" / "data",
                  Path("/work/shared/data")]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return None


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def dev_data() -> Path:
    d = data_dir()
    if d is None:
        pytest.skip("labelled dev data not found (set STORYFOLD_DATA)")
    return d
