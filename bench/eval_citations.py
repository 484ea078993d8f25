"""Do the brief's citations carry what they are cited for? WCXB dev pages, `storyfold fold`.

All 200 pages are folded at once, as `storyfold fold wcxb_articles_dev/html` does; for
each brief line with citations ([[article#sN]]) every cited sentence is checked:

* short — the cited sentence has fewer than 5 words (a list marker, "1.");
* share — the cited sentence holds the line's figures and at least half of its content
  words (the check the issue names; the headline and the sources table are not claims).

Baseline beside it: the same check on each line's *uncited* neighbour, the sentence right
after the cited one in the same article, which shows how often a share passes by chance.

    .venv/bin/python bench/eval_citations.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from devdata import require  # noqa: E402

import storyfold  # noqa: E402
from storyfold.reconcile.brief import CITATION  # noqa: E402

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
STOP = frozenset(
    """a an the of to in on at for and or but is are was were be been by with from as that
    this it its he she they his her their has have had not no will would said says""".split()
)


def _content(text: str) -> set[str]:
    # Five letters: enough to meet "puppies"/"puppy", "rewards"/"rewarded".
    return {w.lower()[:5] for w in _WORD.findall(text) if w.lower() not in STOP}


def shares(claim: str, sentence: str) -> bool:
    figures = set(_FIGURE.findall(claim))
    if not figures <= set(_FIGURE.findall(sentence)):
        return False
    words = _content(claim)
    return not words or len(words & _content(sentence)) >= 0.5 * len(words)


def main() -> None:
    folder = require("wcxb_articles_dev") / "html"
    report = storyfold.fold([str(folder)], jobs=2)
    sentences = {a.id: [s.text for s in a.sentences] for a in report.articles}
    total = short = passed = base_total = base_passed = 0
    for story in report.stories:
        for line in story.brief.splitlines():
            if line.startswith("#") or line.startswith("|"):
                continue
            refs = [(m.group(1), m.group(2)) for m in CITATION.finditer(line)]
            claim = CITATION.sub("", line)
            claim = re.sub(r"\(\d+ articles?, \d+ independent sources?\)", "", claim)
            claim = claim.lstrip("- ").strip()
            written = re.search(r"written “(.*)”", claim)
            if written:  # a figure line: what is cited for is the figure as written
                claim = written.group(1)
            elif re.match(r"[^“]{1,60}: “", claim):  # a quote line: the quotation
                claim = claim.split(": “", 1)[1].rstrip("”. ")
            for aid, idx in refs:
                if idx is None or aid not in sentences:
                    continue
                sents = sentences[aid]
                i = int(idx)
                if i >= len(sents):
                    continue
                total += 1
                short += len(sents[i].split()) < 5
                ok = shares(claim, sents[i])
                passed += ok
                if not ok and "-v" in sys.argv:
                    print(f"FAIL {claim[:120]!r}\n     <- {sents[i][:160]!r}")
                if i + 1 < len(sents):
                    base_total += 1
                    base_passed += shares(claim, sents[i + 1])
    print(f"stories {len(report.stories)}, citations {total}")
    print(f"citations of < 5 words: {short}")
    print(f"citations passing the share check: {passed / max(1, total):.3f}")
    print(f"baseline, the next sentence instead: {base_passed / max(1, base_total):.3f}")


if __name__ == "__main__":
    main()
