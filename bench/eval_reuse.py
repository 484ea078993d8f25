"""Cross-fitted evaluation of provenance relations on the Clough & Stevenson reuse corpus.

Each task's texts (its Wikipedia `orig` and the answers written from it or independently)
are folded as one story through storyfold.align and storyfold.provenance. Thresholds are fitted
on one task (from each answer's evidence against its `orig`) and scored on the other, both
ways; then the shipped defaults are scored on both tasks for reference.

Labels: cut -> copy, light -> rewrite, heavy -> paraphrase (translation counts as
paraphrase: both are heavy rewording), non -> independent. "Derived" = any relation other
than independent.

    .venv/bin/python bench/eval_reuse.py [path/to/clough_reuse_dev.jsonl]
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyfold import provenance
from storyfold.align import align_story
from storyfold.provenance import PairEvidence, pair_evidence, trace
from storyfold.records import Article, Story
from storyfold.sentences import split_sentences

WANT = {"cut": "copy", "light": "rewrite", "heavy": "paraphrase", "non": "independent"}


def data_path() -> Path:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if args:
        return Path(args[0])
    env = os.environ.get("STORYFOLD_DATA")
    root = Path(__file__).resolve().parent.parent
    for d in [Path(env)] if env else [root.parent / "shared" / "data", Path("/work/shared/data")]:
        if (d / "clough_reuse_dev.jsonl").exists():
            return d / "clough_reuse_dev.jsonl"
    raise SystemExit("clough_reuse_dev.jsonl not found (set STORYFOLD_DATA)")


def load(path: Path) -> dict[str, list[tuple[Article, str]]]:
    tasks: dict[str, list[tuple[Article, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        # The corpus hard-wraps lines; join them so sentences are not cut at line ends.
        text = re.sub(r"(?<!\n)\n(?!\n)", " ", row["text"])
        a = Article(id=row["id"], source=str(path), raw=row["text"], text=text)
        a.sentences = split_sentences(text)
        tasks.setdefault(row["task"], []).append((a, row["label"]))
    return tasks


def evidence_vs_orig(items: list[tuple[Article, str]]) -> list[tuple[PairEvidence, str]]:
    arts = [a for a, _ in items]
    alignments = align_story(arts)
    orig = next(a for a, label in items if label == "orig")
    return [(pair_evidence(a, orig, alignments), lab) for a, lab in items if lab != "orig"]


def _cut(points: list[tuple[float, bool]]) -> float:
    """Threshold maximising accuracy of `value >= t` for the positives; midpoint of the
    best gap (ties: the middle best gap)."""
    values = sorted({v for v, _ in points})
    cands = [(a + b) / 2 for a, b in itertools.pairwise(values)]
    cands = cands or [values[0]]
    scored = [(sum((v >= t) == pos for v, pos in points), t) for t in cands]
    best = max(s for s, _ in scored)
    ties = [t for s, t in scored if s == best]
    return ties[len(ties) // 2]


def fit(ev: list[tuple[PairEvidence, str]]) -> dict[str, float]:
    derived = _cut([(e.derived_score, lab != "non") for e, lab in ev])
    reused = [(e, lab) for e, lab in ev if lab != "non"]
    copy = _cut([(e.c3, lab == "cut") for e, lab in reused])
    rewrite = _cut([(e.c3, lab in ("cut", "light")) for e, lab in reused if e.c3 < copy])
    return {"DERIVED": derived, "COPY": copy, "REWRITE": rewrite}


@contextmanager
def thresholds(values: dict[str, float]) -> Iterator[None]:
    old = {k: getattr(provenance, k) for k in values}
    for k, v in values.items():
        setattr(provenance, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(provenance, k, v)


def score(items: list[tuple[Article, str]]) -> tuple[float, float, list[str]]:
    arts = [a for a, _ in items]
    story = Story(id="s", articles=[a.id for a in arts])
    story.alignments = align_story(arts)
    trace(story, arts)
    rows = []
    derived_ok = four_ok = n = 0
    for a, lab in items:
        if lab == "orig":
            continue
        rel = a.relation or "independent"
        rel = "paraphrase" if rel == "translation" else rel
        if rel == "source":
            rel = "copy"  # an answer picked as its family's best: it carries the source
        n += 1
        derived_ok += (rel != "independent") == (lab != "non")
        four_ok += rel == WANT[lab]
        rows.append(f"  {a.id:12s} {lab:6s} -> {rel:12s} from {a.derived_from}")
    return derived_ok / n, four_ok / n, rows


def main() -> None:
    tasks = load(data_path())
    t0 = time.perf_counter()
    ev = {t: evidence_vs_orig(items) for t, items in tasks.items()}
    fits = {t: fit(e) for t, e in ev.items()}
    fits["a+b"] = fit([e for t in sorted(ev) for e in ev[t]])
    for t, f in fits.items():
        print(f"fit on task {t}: " + ", ".join(f"{k}={v:.3f}" for k, v in f.items()))
    verbose = "-v" in sys.argv
    for train, test in (("a", "b"), ("b", "a")):
        with thresholds(fits[train]):
            d, f4, rows = score(tasks[test])
        print(f"fit on {train}, score {test}: derived-vs-independent {d:.3f}, four-way {f4:.3f}")
        if verbose:
            print("\n".join(rows))
    for t in sorted(tasks):
        d, f4, rows = score(tasks[t])
        print(f"shipped defaults on {t}: derived-vs-independent {d:.3f}, four-way {f4:.3f}")
        if verbose:
            print("\n".join(rows))
    print(f"({time.perf_counter() - t0:.1f}s)")


if __name__ == "__main__":
    main()
