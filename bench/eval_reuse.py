"""Provenance on the Clough & Stevenson reuse corpus, scored as `storyfold fold` reports it.

Each task's texts (its Wikipedia `orig` and the answers written from it or independently)
are written to one JSONL file and folded the way a user folds them (`storyfold.fold` on the
path: reading, cleaning, clustering into stories, alignment, provenance; nothing forces one
story). The report is then scored:

- derived-vs-independent: an answer counts as derived when the report gives it a relation
  other than "independent" AND it derives from the orig or sits in the orig's family (an
  answer the report puts in another story, or in a family without the orig, is not derived
  from the orig, whatever its relation);
- four-way: cut -> copy, light -> rewrite, heavy -> paraphrase (or translation),
  non -> independent, on that same reading (an answer named its family's "source", above
  the orig, is wrong: the direction is part of the answer).

Cross-fitted: the thresholds of storyfold.provenance are fitted on one task (`fit`, from the
texts as fold cleans them) and the other task is folded with them, both ways. Beside every
figure: the word 3-gram containment baseline (each answer's containment in its orig, its
thresholds fitted on the same task). For reference the shipped defaults are also scored
through the `storyfold fold` CLI itself (in-sample: they were fitted on both tasks), and the
old lenient reading (any relation but "independent" is derived, wherever it points; a
"source" answer counts as a copy) is printed beside the real one.

With --sweep it also prints both tasks' figures for DERIVED from 0.08 to 0.47 (the other
thresholds as shipped): the range over which a threshold fitted on one task transfers.

    .venv/bin/python bench/eval_reuse.py [path/to/clough_reuse_dev.jsonl] [-v] [--sweep]
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devdata import require

import storyfold
from storyfold import provenance
from storyfold.align import align_story
from storyfold.provenance import PairEvidence, pair_evidence, trace
from storyfold.records import Article, Story
from storyfold.report.json_report import to_json

WANT = {"cut": "copy", "light": "rewrite", "heavy": "paraphrase", "non": "independent"}
LABELS = ("non", "heavy", "light", "cut")  # in order of growing reuse, for the baseline


@dataclass(slots=True)
class Task:
    name: str
    path: Path  # the task's texts as JSONL (id, text), as a user would feed them
    labels: dict[str, str]  # id -> label ("orig", "cut", "light", "heavy", "non")
    texts: dict[str, str]

    @property
    def orig(self) -> str:
        return next(i for i, lab in self.labels.items() if lab == "orig")


def data_path() -> Path:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if args:
        return Path(args[0])
    return require("clough_reuse_dev.jsonl")


def load(path: Path, folder: Path) -> dict[str, Task]:
    tasks: dict[str, Task] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        name = row["task"]
        task = tasks.setdefault(name, Task(name, folder / f"task_{name}.jsonl", {}, {}))
        task.labels[row["id"]] = row["label"]
        task.texts[row["id"]] = row["text"]
    for task in tasks.values():
        with task.path.open("w", encoding="utf-8") as fh:
            for i, text in task.texts.items():  # text only: labels never reach storyfold
                fh.write(json.dumps({"id": i, "text": text}) + "\n")
    return tasks


# --- scoring what the report says ---------------------------------------------------------

def predictions(report: dict[str, Any], task: Task) -> dict[str, tuple[str, str]]:
    """Answer id -> (honest relation, lenient relation) read from a fold report."""
    arts = {a["id"]: a for a in report["articles"]}
    family = {}
    for story in report["stories"]:
        for k, fam in enumerate(story.get("families", [])):
            for i in fam["articles"]:
                family[i] = (story["id"], k)
    orig = task.orig
    out = {}
    for i, lab in task.labels.items():
        if lab == "orig":
            continue
        rel = arts[i].get("relation") or "independent"
        rel = "paraphrase" if rel == "translation" else rel
        lenient = "copy" if rel == "source" else rel
        tied = arts[i].get("derived_from") == orig or (
            i in family and family.get(orig) == family[i]
        )
        honest = rel if rel != "independent" and tied else "independent"
        out[i] = (honest, lenient)
    return out


def accuracy(pred: dict[str, str], task: Task) -> tuple[float, float]:
    n = len(pred)
    derived = sum((p != "independent") == (task.labels[i] != "non") for i, p in pred.items())
    four = sum(p == WANT[task.labels[i]] for i, p in pred.items())
    return derived / n, four / n


def fold_report(task: Task) -> dict[str, Any]:
    """The public API as a user calls it, and the JSON report the CLI would print."""
    report: dict[str, Any] = json.loads(to_json(storyfold.fold([str(task.path)])))
    return report


def cli_report(task: Task) -> dict[str, Any]:
    exe = Path(sys.executable).with_name("storyfold")
    out = subprocess.run([str(exe), "fold", str(task.path), "-q"], check=True,
                         capture_output=True, text=True).stdout
    report: dict[str, Any] = json.loads(out)
    return report


# --- fitting storyfold's thresholds on one task ---------------------------------------------

def _cut(points: list[tuple[float, bool]]) -> float:
    """Threshold maximising accuracy of `value >= t` for the positives, at the midpoint of
    a gap between observed values; among equally accurate gaps the widest (the largest
    margin), so a tie is not settled by a hair's breadth between two texts."""
    values = sorted({v for v, _ in points})
    gaps = list(itertools.pairwise(values)) or [(values[0], values[0])]
    scored = [(sum((v >= (a + b) / 2) == pos for v, pos in points), b - a, (a + b) / 2)
              for a, b in gaps]
    return max(scored)[2]


def cleaned(task: Task) -> list[Article]:
    """The task's articles as fold cleans and splits them (one fold, shipped defaults)."""
    return storyfold.fold([str(task.path)]).articles


def evidence(task: Task, derived: float) -> tuple[list[tuple[PairEvidence, str]],
                                                   list[tuple[PairEvidence, str]]]:
    """Each answer's evidence against its orig, and each reused answer's against the text
    `trace` (with DERIVED = `derived`) says it derives from (one "cut" answer of task b
    copies text its orig lacks, from another answer that copied it too). Only for fitting:
    the texts are aligned as one story here, whatever clustering does."""
    arts = cleaned(task)
    by_id = {a.id: a for a in arts}
    story = Story(id="fit", articles=[a.id for a in arts])
    story.alignments = align_story(arts)
    orig = by_id[task.orig]
    vs_orig = [(pair_evidence(a, orig, story.alignments), task.labels[a.id])
               for a in arts if a.id != orig.id]
    with thresholds({"DERIVED": derived}):
        trace(story, arts)
    vs_source = []
    for a in arts:
        lab = task.labels[a.id]
        if lab in ("orig", "non"):
            continue
        src = by_id[a.derived_from] if a.derived_from else orig
        if src.id == a.id or a.relation == "source":
            src = orig
        vs_source.append((pair_evidence(a, src, story.alignments), lab))
    return vs_orig, vs_source


def fit(task: Task) -> dict[str, float]:
    """DERIVED on derived_score against the orig (non vs the rest); COPY on `verbatim` (cut vs
    light and heavy) and REWRITE on `kept` (light vs heavy, among those below COPY) of each
    reused answer against its traced source."""
    vs_orig, _ = evidence(task, provenance.DERIVED)
    derived = _cut([(e.derived_score, lab != "non") for e, lab in vs_orig])
    _, reused = evidence(task, derived)
    copy = _cut([(e.verbatim, lab == "cut") for e, lab in reused])
    rest = [(e.kept, lab == "light") for e, lab in reused if e.verbatim < copy and lab != "cut"]
    return {"DERIVED": derived, "COPY": copy, "REWRITE": _cut(rest) if rest else copy}


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


# --- the baseline: word 3-gram containment in the orig ------------------------------------

def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = re.findall(r"\w+", text.lower())
    return set(zip(w, w[1:], w[2:], strict=False))


def containment(task: Task) -> dict[str, float]:
    src = _trigrams(task.texts[task.orig])
    out = {}
    for i, lab in task.labels.items():
        if lab != "orig":
            g = _trigrams(task.texts[i])
            out[i] = len(g & src) / len(g) if g else 0.0
    return out


def fit_baseline(task: Task) -> list[float]:
    """Three ascending cuts on containment (non | heavy | light | cut), the most accurate
    four-way on `task`; the first is fitted alone for derived-vs-independent."""
    c = containment(task)
    labels = [LABELS.index(task.labels[i]) for i in c]
    values = [c[i] for i in c]
    first = _cut([(v, lab > 0) for v, lab in zip(values, labels, strict=True)])
    mids = sorted({(a + b) / 2 for a, b in itertools.pairwise(sorted(set(values)))})

    def four(cuts: tuple[float, ...]) -> int:
        return sum(sum(v >= t for t in cuts) == lab for v, lab in zip(values, labels,
                                                                      strict=True))

    best = max(itertools.combinations(mids, 2), key=lambda ts: four((first, *ts)))
    return [first, *best]


def baseline(task: Task, cuts: list[float]) -> dict[str, str]:
    return {i: WANT[LABELS[sum(v >= t for t in cuts)]] for i, v in containment(task).items()}


# --- main ------------------------------------------------------------------------------------

def rows(pred: dict[str, tuple[str, str]], report: dict[str, Any], task: Task) -> list[str]:
    arts = {a["id"]: a for a in report["articles"]}
    story_of = {i: s["id"] for s in report["stories"] for i in s["articles"]}
    out = []
    for i, (honest, _) in sorted(pred.items(), key=lambda kv: (task.labels[kv[0]], kv[0])):
        a = arts[i]
        mark = "ok " if honest == WANT[task.labels[i]] else "BAD"
        out.append(f"  {mark} {i:12s} {task.labels[i]:6s} -> {honest:11s} "
                   f"(report: {a.get('relation')} from {a.get('derived_from')}, "
                   f"{story_of.get(i)}; orig in {story_of.get(task.orig)})")
    return out


def sweep(tasks: dict[str, Task]) -> None:
    """Both tasks' figures, through storyfold.fold, for DERIVED over a range."""
    print("DERIVED swept (other thresholds as shipped): derived-vs-independent / four-way")
    for step in range(8, 50, 3):
        cells = []
        for t in sorted(tasks):
            with thresholds({"DERIVED": step / 100}):
                pred = predictions(fold_report(tasks[t]), tasks[t])
            d, f4 = accuracy({i: h for i, (h, _) in pred.items()}, tasks[t])
            cells.append(f"task {t} {d:.3f} / {f4:.3f}")
        print(f"  DERIVED {step / 100:.2f}: " + "; ".join(cells))


def main() -> None:
    verbose = "-v" in sys.argv
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tasks = load(data_path(), Path(tmp))
        names = sorted(tasks)
        fits = {t: fit(tasks[t]) for t in names}
        cuts = {t: fit_baseline(tasks[t]) for t in names}
        for t in names:
            print(f"fit on task {t}: " + ", ".join(f"{k}={v:.3f}" for k, v in fits[t].items())
                  + "; baseline cuts " + ", ".join(f"{c:.3f}" for c in cuts[t]))
        print("cross-fitted, through storyfold.fold (honest | lenient | 3-gram baseline):")
        pooled: dict[str, dict[str, str]] = {"honest": {}, "lenient": {}, "baseline": {}}
        for train, test in itertools.permutations(names, 2):
            with thresholds(fits[train]):
                report = fold_report(tasks[test])
            pred = predictions(report, tasks[test])
            d, f4 = accuracy({i: h for i, (h, _) in pred.items()}, tasks[test])
            ld, lf4 = accuracy({i: lenient for i, (_, lenient) in pred.items()}, tasks[test])
            base = baseline(tasks[test], cuts[train])
            bd, bf4 = accuracy(base, tasks[test])
            pooled["honest"].update({i: h for i, (h, _) in pred.items()})
            pooled["lenient"].update({i: lenient for i, (_, lenient) in pred.items()})
            pooled["baseline"].update(base)
            print(f"  fit on {train}, score {test}: derived-vs-independent {d:.3f} "
                  f"(lenient {ld:.3f}; baseline {bd:.3f}), four-way {f4:.3f} "
                  f"(lenient {lf4:.3f}; baseline {bf4:.3f})")
            if verbose:
                print("\n".join(rows(pred, report, tasks[test])))
        every = Task("all", Path(tmp), {i: lab for t in names for i, lab in
                                        tasks[t].labels.items()}, {})
        (d, f4), (ld, lf4), (bd, bf4) = (accuracy(pooled[k], every) for k in pooled)
        print(f"  both ways pooled ({len(pooled['honest'])} answers): derived-vs-independent "
              f"{d:.3f} (lenient {ld:.3f}; baseline {bd:.3f}), four-way {f4:.3f} "
              f"(lenient {lf4:.3f}; baseline {bf4:.3f})")
        print("shipped defaults, through the storyfold fold CLI (in-sample):")
        for t in names:
            report = cli_report(tasks[t])
            pred = predictions(report, tasks[t])
            d, f4 = accuracy({i: h for i, (h, _) in pred.items()}, tasks[t])
            ld, lf4 = accuracy({i: lenient for i, (_, lenient) in pred.items()}, tasks[t])
            bd, bf4 = accuracy(baseline(tasks[t], cuts[t]), tasks[t])
            print(f"  task {t}: derived-vs-independent {d:.3f} (lenient {ld:.3f}; baseline "
                  f"in-sample {bd:.3f}), four-way {f4:.3f} (lenient {lf4:.3f}; baseline "
                  f"in-sample {bf4:.3f})")
            if verbose:
                print("\n".join(rows(pred, report, tasks[t])))
        if "--sweep" in sys.argv:
            sweep(tasks)
    print(f"({time.perf_counter() - t0:.1f}s)")


if __name__ == "__main__":
    main()
