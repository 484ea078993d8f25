"""ClusterConfig: intent in, mechanics derived, bad values refused with what to give."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from storyfold.cluster import THRESHOLD, ClusterConfig, StoryClusterer, cluster_articles
from storyfold.cluster.config import UNREFINED_BAR_SIZE, expected_cosine


def test_bars_are_derived_from_the_intent() -> None:
    assert ClusterConfig().attach_bar == THRESHOLD
    assert ClusterConfig().is_size_aware
    # Without refinement the bar is held at its value for a story of a few articles,
    # which is higher than the pairwise bar (a centroid cosine grows with size).
    held = ClusterConfig(refine=False)
    assert not held.is_size_aware
    assert held.attach_bar == expected_cosine(THRESHOLD, 1, UNREFINED_BAR_SIZE) > THRESHOLD
    assert ClusterConfig(refine=False, threshold=0.3).attach_bar == 0.3
    assert ClusterConfig(refine=False, size_aware=True).attach_bar == THRESHOLD


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"threshold": 0.0}, r"threshold is a pairwise similarity in \(0, 1\].*default"),
        ({"merge_threshold": 1.5}, r"merge_threshold .* got 1.5"),
        ({"split_threshold": float("nan")}, r"split_threshold"),
        ({"weights": (1.0, 1.0)}, r"three weights"),
        ({"weights": (0.0, 0.0, 0.0)}, r"not all 0"),
        ({"window_days": 0}, r"window_days is a whole number of days >= 1"),
        ({"window_days": 2.5}, r"window_days"),
        ({"snn_weight": -1.0}, r"snn_weight is >= 0"),
        ({"idle_arrivals": 0}, r"idle_arrivals .* or None to retire by date only"),
    ],
)
def test_bad_values_are_refused_with_how_to_fix(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ClusterConfig(**changes)
    with pytest.raises(ValueError, match=message):
        StoryClusterer(**changes)


def test_unknown_options_name_the_known_ones() -> None:
    with pytest.raises(TypeError, match=r"unknown clustering option\(s\) treshold; .*threshold"):
        StoryClusterer(treshold=0.2)
    with pytest.raises(TypeError, match="unknown clustering option"):
        cluster_articles([], snn=0.5)


def test_frozen_and_changed_by_copy() -> None:
    base = ClusterConfig(window_days=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.window_days = 4  # type: ignore[misc]
    changed = ClusterConfig.of(base, refine=False)
    assert (changed.window_days, changed.refine, base.refine) == (3, False, True)
    assert StoryClusterer(base, refine=False).config == changed
    assert ClusterConfig(weights=[0.5, 0.25, 0.25]).weights == (0.5, 0.25, 0.25)  # type: ignore[arg-type]

