"""Fidelity as users get it: TED zh-en MQM dev folded by `storyfold fold`, each copy's
`fidelity` from the report ranked against -MQM, beside consensus chrF on the same copies.

    .venv/bin/pip install -e ".[bench]"   # sacrebleu for the baseline
    .venv/bin/python bench/eval_fidelity.py              # about 20 s
    .venv/bin/python bench/eval_fidelity.py --report out/mqm/report.json  # score a report

75 English machine translations (13 systems and 2 human translations) of 5 TED talks, ids
and text only on stdin. Per talk: Kendall tau (tau-b; pairs tied in MQM skipped, as the data
README says) between the report's fidelity and -MQM, and pairwise accuracy; means over
talks. Baseline: consensus chrF (sacrebleu, each copy's sentence-level chrF against each of
the other copies of its talk, averaged) on the same copies. Nothing is fitted here, so there
is nothing to cross-fit. Also checked: every talk's copies land in one story (a split talk
is printed). MQM is read here only to score; the CLI never sees it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from devdata import require  # noqa: E402

CLI = [str(Path(sys.executable).parent / "storyfold")]


def kendall(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """Kendall tau-b of x against y over pairs not tied in y, and the share of those pairs
    x orders as y does (ties in x count half)."""
    conc = disc = tied_x = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dy = y[i] - y[j]
        if dy == 0:
            continue
        dx = x[i] - x[j]
        if dx == 0:
            tied_x += 1
        elif (dx > 0) == (dy > 0):
            conc += 1
        else:
            disc += 1
    n = conc + disc + tied_x
    if n == 0:
        return 0.0, 0.5
    tau = (conc - disc) / ((conc + disc + tied_x) * (conc + disc)) ** 0.5 if conc + disc else 0.0
    return tau, (conc + 0.5 * tied_x) / n


def consensus_chrf(texts: Mapping[str, str]) -> dict[str, float]:
    """Each copy's chrF (sacrebleu, on the whole text) against each other copy, averaged."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    out = {}
    for i, t in texts.items():
        scores = [chrf.sentence_score(t, [u]).score for j, u in texts.items() if j != i]
        out[i] = sum(scores) / len(scores)
    return out


def fold_report(rows: Sequence[Mapping[str, str]]) -> dict:
    stdin = "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows)
    out = subprocess.run(
        [*CLI, "fold", "-", "--format", "json", "-q"],
        input=stdin, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--report", type=Path, help="score this report.json instead of folding")
    ap.add_argument("--no-baseline", action="store_true", help="skip consensus chrF")
    args = ap.parse_args()
    rows = [json.loads(line) for line in require("mqm_ted_zhen_dev.jsonl").open()]
    report = json.loads(args.report.read_text()) if args.report else fold_report(rows)
    fid = {a["id"]: a.get("fidelity") for a in report["articles"]}
    story_of = {i: n for n, s in enumerate(report["stories"]) for i in s["articles"]}
    talks: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        talks[r["doc"]].append(r)
    split = {d: sorted({story_of.get(r["id"], -1) for r in rs}) for d, rs in talks.items()}
    split = {d: s for d, s in split.items() if len(s) > 1}
    figures: dict[str, list[tuple[float, float]]] = defaultdict(list)
    print(f"{'talk':10} {'fidelity tau':>12} {'pairwise':>8}   {'chrF tau':>8} {'pairwise':>8}")
    for doc, rs in sorted(talks.items()):
        neg_mqm = [-r["mqm"] for r in rs]
        mine = kendall([float(fid.get(r["id"]) or 0.0) for r in rs], neg_mqm)
        figures["fidelity"].append(mine)
        line = f"{doc:10} {mine[0]:12.3f} {mine[1]:8.3f}"
        if not args.no_baseline:
            chrf = consensus_chrf({r["id"]: r["text"] for r in rs})
            base = kendall([chrf[r["id"]] for r in rs], neg_mqm)
            figures["consensus chrF"].append(base)
            line += f"   {base[0]:8.3f} {base[1]:8.3f}"
        print(line)
    summary = {
        name: {
            "mean_tau": round(sum(t for t, _ in v) / len(v), 3),
            "pairwise": round(sum(p for _, p in v) / len(v), 3),
        }
        for name, v in figures.items()
    }
    summary["talks_split_across_stories"] = split  # type: ignore[assignment]
    print("MQM", json.dumps(summary))


if __name__ == "__main__":
    main()
