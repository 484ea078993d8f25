"""A corpus of near-copies of real news, for the end-to-end `fold` benches.

ECB+ dev reports (shuffled once, seeded), each repeated `copies` times with a few words
edited (1-4 edits a copy: a word dropped, replaced by another word of the same text, or
two adjacent words swapped), all copies shuffled. When a corpus needs more reports than
the 535 of ECB+ dev, it takes them again in a new round dated 30 days later (every copy
of a report dated within 3 days of its round), so the new round is a new set of stories
and story sizes stay those of one round. Labels are not written.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from devdata import require

COPIES = 45


def edit(text: str, rnd: random.Random) -> str:
    words = text.split(" ")
    for _ in range(rnd.randint(1, 4)):
        if len(words) < 3:
            break
        i = rnd.randrange(len(words) - 1)
        kind = rnd.random()
        if kind < 0.4:
            del words[i]
        elif kind < 0.7:
            words[i] = rnd.choice(words)
        else:
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def build(size: int, copies: int = COPIES, seed: int = 17) -> list[dict[str, str]]:
    """`size` JSONL rows: {"id", "text", "published"}."""
    rnd = random.Random(seed)
    with require("ecbplus_dev.jsonl").open(encoding="utf-8") as fh:
        reports = [json.loads(line)["text"] for line in fh]
    rnd.shuffle(reports)
    rows: list[dict[str, str]] = []
    start = date(2020, 1, 1)
    n_reports = -(-size // copies)
    for r in range(n_reports):
        rnd_round, k = divmod(r, len(reports))
        base_day = start + timedelta(days=30 * rnd_round + rnd.randrange(0, 10))
        for c in range(copies):
            if len(rows) >= size:
                break
            day = base_day + timedelta(days=rnd.randrange(0, 3))
            rows.append({"id": f"r{r}-c{c}", "text": edit(reports[k], rnd),
                         "published": day.isoformat()})
    rnd.shuffle(rows)
    # fold orders a batch by date itself; the file is in arrival (shuffled) order.
    return rows


def write(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
