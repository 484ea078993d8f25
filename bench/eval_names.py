"""Which names does `storyfold fold` repair into other names? WCXB and ECB+ dev, through fold.

A *repair* is a variant the report marks garbled whose name is not the canonical name
written differently: the brief replaces it with the entity's canonical name. Broken
spacing and fused words ("Al -Jazeera", "SmithAnd") are counted apart: those are repairs of
the text, not of the name. Every repair is listed with the page, the entity's type and
the reason the report gives, so a reader can judge them (none of these pages is a garbled
machine translation: on them a repair is mostly a wrong one).

Also counted: one-word "person" entities in articles the reader took for German, story
titles that differ from every member's own title and sentences after the repairs ("a page
title rewritten"), and with --de, on the German texts of the SemEval-2022 dev pairs
(folded together, as `storyfold fold de.jsonl` would), how many entities the report calls
people (in German every noun is capitalised, so a capitalised word says little).

    .venv/bin/python bench/eval_names.py               # WCXB dev pages (200) and ECB+ dev
    .venv/bin/python bench/eval_names.py --wcxb -v     # WCXB only, every repair listed
    .venv/bin/python bench/eval_names.py --de           # German texts: who is a person
    .venv/bin/python bench/eval_names.py --json out.json

Baseline beside the figures: the number of name variants the report merges at all
(repaired or not), which is what a repair could be drawn from.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from devdata import require  # noqa: E402

import storyfold  # noqa: E402
from storyfold.reconcile.lexicon import fold as fold_text  # noqa: E402
from storyfold.records import Report  # noqa: E402


def _key(form: str) -> str:
    return " ".join(fold_text(form).replace("-", " ").replace(".", "").split())


def name_figures(report: Report) -> dict[str, Any]:
    """Repairs, text repairs, merged variants, German one-word people, rewritten titles."""
    lang = {a.id: a.language for a in report.articles}
    titles = {a.id: a.title for a in report.articles}
    sentences = {a.id: [s.text for s in a.sentences] for a in report.articles}
    rewritten: list[str] = []
    repairs: list[dict[str, Any]] = []
    text_repairs = merged = german_people = titles_rewritten = 0
    german_people_list: list[str] = []
    for story in report.stories:
        for e in story.entities:
            for v in e.variants:
                if _key(v.form) == _key(e.name):
                    continue
                merged += 1
                if not v.garbled:
                    continue
                if v.why.startswith(("fused", "broken spacing")):
                    text_repairs += 1
                    continue
                repairs.append(
                    {
                        "story": story.id,
                        "articles": v.articles,
                        "form": v.form,
                        "name": e.name,
                        "type": e.type,
                        "why": v.why,
                    }
                )
            if e.type == "person" and all(len(v.form.split()) == 1 for v in e.variants):
                arts = {a for v in e.variants for a in v.articles}
                if arts and all(lang.get(a) == "de" for a in arts):
                    german_people += 1
                    german_people_list.append(e.name)
        # The headline is a member's title or sentence as written unless a repair
        # replaced a name in it.
        if story.title:
            head = " ".join(story.title.rstrip("…").split())
            texts = [titles.get(a) or "" for a in story.articles] + [
                s for a in story.articles for s in sentences.get(a, [])
            ]
            if not any(head in " ".join(t.split()) for t in texts):
                titles_rewritten += 1
                rewritten.append(story.title)
    return {
        "stories": len(report.stories),
        "articles": len(report.articles),
        "repairs": len(repairs),
        "text_repairs": text_repairs,
        "merged_variants": merged,
        "german_one_word_people": german_people,
        "titles_rewritten": titles_rewritten,
        "repair_list": repairs,
        "german_people": german_people_list,
        "rewritten_titles": rewritten,
    }


def german_people(path: Path) -> dict[str, Any]:
    """Fold each German text of the de-de pairs (first of each pair, distinct) on its own
    path into one run of `storyfold fold`, and list who the report calls a person."""
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["lang1"] == row["lang2"] == "de":
                texts.setdefault(row["text1"][:80], row["text1"])
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "de.jsonl"
        jsonl.write_text(
            "".join(
                json.dumps({"id": f"de{i}", "text": t}, ensure_ascii=False) + "\n"
                for i, t in enumerate(texts.values())
            ),
            encoding="utf-8",
        )
        report = storyfold.fold([str(jsonl)], jobs=2)
    people = [e for s in report.stories for e in s.entities if e.type == "person"]
    # People also named by one word (the surname alone): the likeliest to be people.
    evidenced = [e for e in people if any(len(v.form.split()) == 1 for v in e.variants)]
    return {
        "articles": len(report.articles),
        "entities": sum(len(s.entities) for s in report.stories),
        "people": len(people),
        "evidenced": len(evidenced),
        "names": [e.name for e in people],
    }


def _print(label: str, fig: dict[str, Any], verbose: bool) -> None:
    print(
        f"{label}: {fig['articles']} articles, {fig['stories']} stories; name repairs "
        f"{fig['repairs']} (baseline: variants merged {fig['merged_variants']}); text repairs "
        f"{fig['text_repairs']}; German one-word people {fig['german_one_word_people']}; "
        f"titles rewritten {fig['titles_rewritten']}"
    )
    shown = fig["repair_list"] if verbose else fig["repair_list"][:25]
    for r in shown:
        print(
            f"  {r['story']} [{','.join(r['articles'])[:40]}] {r['type']}: "
            f"{r['form']!r} -> {r['name']!r}  ({r['why'][:110]})"
        )
    if len(shown) < len(fig["repair_list"]):
        print(f"  ... {len(fig['repair_list']) - len(shown)} more (-v lists all)")
    for t in fig["rewritten_titles"][:10]:
        print(f"  rewritten title: {t[:120]!r}")
    if fig["german_people"]:
        print(f"  German one-word people: {fig['german_people'][:30]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcxb", action="store_true", help="WCXB dev pages only")
    ap.add_argument("--ecb", action="store_true", help="ECB+ dev articles only")
    ap.add_argument(
        "--de", action="store_true", help="German SemEval-2022 dev texts: who becomes a person"
    )
    ap.add_argument("-v", action="store_true", help="list every repair")
    ap.add_argument("--json", help="write the figures and repairs here")
    args = ap.parse_args()
    both = not (args.wcxb or args.ecb or args.de)
    out: dict[str, Any] = {}
    if args.wcxb or both:
        folder = require("wcxb_articles_dev") / "html"
        out["wcxb"] = name_figures(storyfold.fold([str(folder)], jobs=2))
        _print("WCXB dev", out["wcxb"], args.v)
    if args.ecb or both:
        path = require("ecbplus_dev.jsonl")
        out["ecb"] = name_figures(storyfold.fold([str(path)], jobs=2))
        _print("ECB+ dev", out["ecb"], args.v)
    if args.de or both:
        out["de"] = german_people(require("semeval22_dev_pairs.jsonl"))
        print(
            f"SemEval de-de: {out['de']['articles']} German texts; person entities "
            f"{out['de']['people']} (baseline: all entities {out['de']['entities']}); "
            f"also named by one word (surname alone) {out['de']['evidenced']}"
        )
        print(f"  people: {out['de']['names'][: 60 if not args.v else None]}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
