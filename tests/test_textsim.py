from storyfold.textsim import (
    bag,
    containment,
    content_stems,
    longest_common_run,
    longest_increasing,
    soft_coverage,
    stem,
)


def test_stem_joins_spellings_and_inflections():
    assert stem("finalised") == stem("finalized")
    assert stem("troops") == stem("troop")
    assert stem("112") == "112"
    assert "the" not in content_stems("The troops of the country")


def test_soft_coverage_gives_partial_credit_to_garbled_names():
    src = bag("Friedrich Merz urged pressure")
    assert soft_coverage(bag("Friedrich Mirz urged pressure"), src, {}) > 0.9
    assert soft_coverage(bag("Olaf Scholz urged pressure"), src, {}) < 0.6


def test_containment_and_runs():
    x = "a b c d e".split()
    y = "z a b c q d e".split()
    assert containment(x, y, 2) == 0.75
    assert longest_common_run(x, y) == 3
    assert longest_common_run(x, ["q"]) == 0
    assert longest_increasing([3, 1, 2, 5, 4]) == 3
