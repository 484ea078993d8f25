"""Measure the reconcile stage against the seed gold answers and read it on ECB+ stories.

    .venv/bin/python bench/eval_reconcile.py            # seed bars + 10 ECB+ briefs
    .venv/bin/python bench/eval_reconcile.py --seeds    # seed bars only
    .venv/bin/python bench/eval_reconcile.py --ecb 10 --all-conflicts

Seeds: all five seed articles are folded as ONE story (the clustering stage is not under
test here) through read -> clean -> split -> align -> provenance -> reconcile. Checks:
entities found and garbled forms attached (gold `entities`), meaning changes flagged naming
the degraded article (gold `meaning_changes`), facts carried with their articles and
independent support (gold `facts`, `source_families`), and citations in the brief.
This script may read gold; the library never does.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from devdata import require  # noqa: E402

from storyfold import align, clean, provenance, reconcile  # noqa: E402
from storyfold.read import read_inputs  # noqa: E402
from storyfold.reconcile.brief import CITATION  # noqa: E402
from storyfold.reconcile.lexicon import STOPWORDS, stem  # noqa: E402
from storyfold.records import Article, Story  # noqa: E402
from storyfold.sentences import split_sentences  # noqa: E402

TIMES: dict[str, float] = defaultdict(float)


def fold_one_story(articles: list[Article], story_id: str = "story-1") -> Story:
    """The pipeline's per-story stages, with the cluster given."""
    for a in articles:
        clean.clean_article(a)
    clean.clean_corpus(articles)
    for a in articles:
        a.sentences = split_sentences(a.text)
    if clean.clean_story(articles):
        for a in articles:
            a.sentences = split_sentences(a.text)
    story = Story(id=story_id, articles=[a.id for a in articles])
    t0 = time.perf_counter()
    story.alignments = align.align_story(articles)
    provenance.trace(story, articles)
    t1 = time.perf_counter()
    reconcile.reconcile(story, articles)
    TIMES["align+provenance"] += t1 - t0
    TIMES["reconcile"] += time.perf_counter() - t1
    TIMES["articles"] += len(articles)
    return story


def seed_story(seeds: Path) -> tuple[Story, list[Article]]:
    articles = [a for a in read_inputs([str(seeds)]) if isinstance(a, Article)]
    return fold_one_story(articles), articles


def norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def content(text: str) -> set[str]:
    return {
        stem(w)
        for w in re.findall(r"[a-z0-9.]+", text.lower().replace(",", ""))
        if w not in STOPWORDS and w.strip(".")
    }


def brief_citations_ok(story: Story) -> tuple[bool, list[str]]:
    bad = []
    for line in story.brief.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("|---"):
            continue
        if line.startswith("| article"):
            continue
        for s in split_sentences(line):
            cited = [m.group(1) for m in CITATION.finditer(s.text)]
            if not any(c in story.articles for c in cited):
                bad.append(s.text)
    return not bad, bad


def eval_seeds(seeds: Path, gold_path: Path, verbose: bool) -> dict[str, object]:
    gold = json.loads(gold_path.read_text())
    story, _ = seed_story(seeds)
    return score_seeds(story, gold, verbose)


def score_seeds(story: Story, gold: dict, verbose: bool = False) -> dict[str, object]:
    """The done-when figures for a story folded from the five seeds (tests reuse this)."""
    results: dict[str, object] = {}

    # Entities -------------------------------------------------------------------------
    gents = {k: v for k, v in gold["entities"].items() if k != "about"}
    mine_forms = [(e, {norm(e.name)} | {norm(v.form) for v in e.variants}) for e in story.entities]
    found = []
    mapping: dict[int, str] = {}
    for i, (_, forms) in enumerate(mine_forms):
        best, best_n = None, 0
        for name, g in gents.items():
            clean_forms = {norm(f) for f in g["forms"] if f not in g["garbled"]} | {norm(name)}
            n = len(forms & clean_forms) * 10 + len(forms & {norm(f) for f in g["forms"]})
            if n > best_n:
                best, best_n = name, n
        if best:
            mapping[i] = best
    for name in gents:
        if any(mapping.get(i) == name for i in range(len(mine_forms))):
            found.append(name)
    garbled_total, garbled_ok, missed = 0, 0, []
    for name, g in gents.items():
        for form in g["garbled"]:
            garbled_total += 1
            ok = any(
                mapping.get(i) == name and norm(form) in forms
                for i, (_, forms) in enumerate(mine_forms)
            )
            garbled_ok += ok
            if not ok:
                missed.append(f"{form} -> {name}")
    results["entities_found"] = len(found)
    results["entities_gold"] = len(gents)
    results["garbled_attached"] = round(garbled_ok / garbled_total, 3)
    results["garbled_gold"] = garbled_total
    if verbose:
        print("entities not found:", sorted(set(gents) - set(found)))
        print("garbled forms not attached:", missed)

    # Conflicts ------------------------------------------------------------------------
    items = gold["meaning_changes"]["items"]
    matched_conflicts: set[int] = set()
    flagged = 0
    for item in items:
        says = content(item["says"]) - {"headline"}
        hit = None
        for ci, c in enumerate(story.conflicts):
            for s in c.sides:
                if s.article == item["article"] and len(says & content(s.text)) >= 0.5 * len(says):
                    hit = ci
            if hit is not None:
                break
        if hit is not None:
            flagged += 1
            matched_conflicts.add(hit)
        if verbose:
            print(
                f"  meaning change [{item['kind']}] in {item['article'][:3]}:",
                "FLAGGED" if hit is not None else "missed",
            )
    others = [c for i, c in enumerate(story.conflicts) if i not in matched_conflicts]
    results["meaning_changes_flagged"] = flagged
    results["meaning_changes_gold"] = len(items)
    results["other_conflicts"] = len(others)
    if verbose:
        for c in others:
            sides = [(s.article[:3], s.sentence) for s in c.sides]
            print("  other conflict:", c.kind, c.why, sides)

    # Facts ----------------------------------------------------------------------------
    fam_of = {}
    for n, fam in enumerate(gold["source_families"]["families"]):
        for a in [fam["best"], *fam["degraded"]]:
            if a:
                fam_of[a] = n
    good = 0
    for gf in gold["facts"]["items"]:
        want = content(gf["fact"])
        numbers = set(re.findall(r"\d+(?:\.\d+)?", gf["fact"]))
        best = None
        for f in story.facts:
            text = f.text + " " + (f.value or "")
            have = content(text)
            if numbers and not numbers & set(re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))):
                continue
            overlap = len(want & have) / max(1, len(want))
            # A number fact names only the quantity: its number and counted noun suffice.
            unit_hit = f.kind == "number" and bool(content(f.value or "") - set(numbers) & want)
            if overlap < (0.2 if numbers else 0.3) and not unit_hit:
                continue
            cover = len(set(f.articles) & set(gf["sources"])) / len(gf["sources"])
            key = (cover, overlap)
            if best is None or key > best[0]:
                best = (key, f)
        ok = False
        if best:
            f = best[1]
            cover = best[0][0]
            fams = len({fam_of.get(a, a) for a in f.articles})
            ok = cover >= 0.8 and f.independent == fams
        good += ok
        if verbose:
            desc = "no match"
            if best:
                f = best[1]
                desc = (
                    f"{f.kind} '{f.text[:70]}' articles={[a[:3] for a in f.articles]} "
                    f"independent={f.independent}"
                )
            print(f"  fact {'OK ' if ok else 'BAD'} {gf['fact'][:60]!r}: {desc}")
    results["facts_ok"] = good
    results["facts_gold"] = len(gold["facts"]["items"])

    ok, bad = brief_citations_ok(story)
    results["brief_citations_ok"] = ok
    if verbose and bad:
        print("uncited brief sentences:", bad[:5])
    return results


def eval_ecb(path: Path, n: int, all_conflicts: bool, seed: int) -> dict[str, object]:
    stories: dict[str, list[Article]] = defaultdict(list)
    for line in path.read_text().splitlines():
        rec = json.loads(line)
        stories[rec["story"]].append(Article(id=rec["id"], source=str(path), raw=rec["text"]))
    folded = {sid: fold_one_story(arts, sid) for sid, arts in sorted(stories.items())}
    uncited = [sid for sid, st in folded.items() if not brief_citations_ok(st)[0]]
    n_conf = sum(len(st.conflicts) for st in folded.values())
    rng = random.Random(seed)
    for sid in rng.sample(sorted(folded), min(n, len(folded))):
        st = folded[sid]
        print(f"\n======== {sid} ({len(st.articles)} articles)\n{st.brief}")
    if all_conflicts:
        print("\n======== all conflicts")
        for sid, st in folded.items():
            for c in st.conflicts:
                print(f"[{sid}] {c.kind}: {c.why} (favoured {c.favoured})")
                for s in c.sides:
                    print(f"     {s.article}#{s.sentence}: {s.text[:160]}")
    return {
        "stories": len(folded),
        "briefs_with_uncited_sentences": len(uncited),
        "conflicts": n_conf,
        "facts": sum(len(st.facts) for st in folded.values()),
        "reconcile_ms_per_article": round(1000 * TIMES["reconcile"] / TIMES["articles"], 2),
        "align_provenance_ms_per_article": round(
            1000 * TIMES["align+provenance"] / TIMES["articles"], 2
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", action="store_true", help="seed bars only")
    ap.add_argument("--ecb", type=int, default=10, help="ECB+ briefs to print")
    ap.add_argument("--all-conflicts", action="store_true", help="print every ECB+ conflict")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    data = require(".")
    seeds = data.parent / "seeds"
    res = eval_seeds(seeds, seeds / "gold.json", not args.quiet)
    print("SEEDS", json.dumps(res))
    if not args.seeds:
        res2 = eval_ecb(data / "ecbplus_dev.jsonl", args.ecb, args.all_conflicts, args.seed)
        print("ECB+", json.dumps(res2))


if __name__ == "__main__":
    main()
