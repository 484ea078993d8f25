from storyfold.textsim import (
    CoverageIndex,
    bag,
    containment,
    content_stems,
    longest_common_run,
    longest_increasing,
    soft_coverage,
)


def test_content_stems_join_spellings_and_drop_stopwords():
    assert content_stems("finalised troops") == content_stems("finalized troop")
    assert content_stems("The troops of the country") == ["troop", "countr"]


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


def test_coverage_index_matches_soft_coverage_exactly():
    # The fast per-story scorer must give soft_coverage's numbers bit for bit (alignment
    # keeps pairs by comparing scores, so a last-bit difference could change its output).
    texts = [
        "Friedrich Merz urged pressure on Moscow",
        "Friedrich Mirz urged pressures on Moskow",
        "Chancellor Merz and Kovalsky met in Paris on 12 May",
        "Kowalski met the chancellor in Paris, 12 troops",
        "the and of",
        "",
    ]
    bags = [bag(t) for t in texts]
    weight = {s: 1.0 + 0.37 * k for k, s in enumerate(sorted({s for b in bags for s in b.stems}))}
    index = CoverageIndex(bags, weight, 2.5)
    ready = [index.prepare(b) for b in bags]
    for x, rx in zip(bags, ready, strict=True):
        for y, ry in zip(bags, ready, strict=True):
            assert index.coverage(rx, ry) == soft_coverage(x, y, weight, 2.5)
    # The garbled name earns partial credit, as in soft_coverage.
    assert 0.5 < index.coverage(ready[1], ready[0]) < 1.0


def test_longest_common_run_agrees_with_brute_force():
    import random

    def brute(x: list[str], y: list[str]) -> int:
        best = 0
        for i in range(len(x)):
            for j in range(len(y)):
                k = 0
                while i + k < len(x) and j + k < len(y) and x[i + k] == y[j + k]:
                    k += 1
                best = max(best, k)
        return best

    rng = random.Random(7)
    for _ in range(200):
        x = [rng.choice("abc") for _ in range(rng.randint(0, 40))]
        y = [rng.choice("abc") for _ in range(rng.randint(0, 40))]
        assert longest_common_run(x, y) == brute(x, y)
