"""Quality gate: injected disagreements in real ECB+ articles, folded by storyfold.fold.

bench/perturb.py makes the copies and scores the reports (one implementation for the bench
and the gate); this runs a smaller sample than the bench's default."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("perturb", ROOT / "bench" / "perturb.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["perturb"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_injected_disagreements_are_flagged_and_controls_are_not(dev_data: Path) -> None:
    if not (dev_data / "ecbplus_dev.jsonl").exists():
        pytest.skip("ecbplus_dev.jsonl absent")
    bench = _bench()
    res = bench.evaluate(15, 3)
    changed = [res[k] for k in bench.KINDS]
    flagged = sum(r["flagged"] * r["cases"] for r in changed) / sum(r["cases"] for r in changed)
    controls = [res[k] for k in bench.CONTROLS]
    false = sum(r["with_conflict"] * r["cases"] for r in controls) / sum(
        r["cases"] for r in controls
    )
    assert all(r["cases"] == 15 for r in changed + controls), res
    assert flagged >= 0.9, res
    assert all(r["flagged"] >= 0.8 for r in changed), res
    assert false <= 0.02, res
