"""Write storyfold/data/reconcile_antonyms_wordnet.txt from WordNet 3.0's antonym relation.

WordNet (Princeton, WordNet 3.0 licence: free use with the copyright notice kept) links
word senses of opposite meaning with the lexical pointer "!". This keeps those links
between single words of verbs, adjectives and adverbs (nouns add little a sentence flips
on and many noun "antonyms" are not contradictions), one pair a line, sorted. Run once by
hand where Debian's `wordnet-base` is installed (apt-get install wordnet-base):

    python scripts/wordnet_antonyms.py [/usr/share/wordnet]
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = (
    Path(__file__).resolve().parent.parent / "storyfold" / "data" / "reconcile_antonyms_wordnet.txt"
)
HEADER = """# Antonym pairs from WordNet 3.0 (Princeton University; WordNet 3.0 licence: free to
# use, copy and distribute with this notice: "WordNet 3.0 Copyright 2006 by Princeton
# University. All rights reserved."). Verbs, adjectives and adverbs, single words only,
# written by scripts/wordnet_antonyms.py.
"""


def pairs(folder: Path) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for pos in ("verb", "adj", "adv"):
        synsets: dict[str, list[str]] = {}
        pointers: list[tuple[str, int, str, int]] = []
        for line in (folder / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue  # the licence header
            fields = line.split(" | ")[0].split()
            offset, count = fields[0], int(fields[3], 16)
            words = [fields[4 + 2 * i].split("(")[0].lower() for i in range(count)]
            synsets[offset] = words
            i = 4 + 2 * count
            n_ptr = int(fields[i])
            for k in range(n_ptr):
                sym, target, _pos, st = fields[i + 1 + 4 * k : i + 5 + 4 * k]
                if sym == "!":
                    pointers.append((offset, int(st[:2], 16), target, int(st[2:], 16)))
        for src, si, dst, ti in pointers:
            if dst not in synsets or not si or not ti:
                continue
            a, b = synsets[src][si - 1], synsets[dst][ti - 1]
            if "_" in a or "_" in b or "-" in a or "-" in b or a == b:
                continue
            out.add((min(a, b), max(a, b)))
    return out


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
    found = sorted(pairs(folder))
    OUT.write_text(HEADER + "".join(f"{a} {b}\n" for a, b in found), encoding="utf-8")
    print(f"wrote {len(found)} pairs to {OUT}")


if __name__ == "__main__":
    main()
