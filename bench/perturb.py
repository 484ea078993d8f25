"""Injected disagreements: does `storyfold.fold` flag one changed sentence?

For real ECB+ dev articles, a copy is made with one sentence changed in one of these ways:

* number   — a count or measure changes value ("12 people" -> "24 people")
* negation — a sentence is negated, or its negation taken away ("was" -> "was not")
* antonym  — a word becomes its opposite, from WordNet's antonym relation (the general
             lexicon storyfold ships, `storyfold/data/reconcile_antonyms_wordnet.txt`)
* actors   — two names in one sentence trade places ("A beat B" -> "B beat A")
* date     — a weekday, a month, a day of the month or a year changes
* duration — the unit of a duration changes ("six years" -> "six months")

and unchanged controls: an exact copy, and copies with edits that change no meaning
(numbers in words or figures, a rounded number with "about", British spelling, one
sentence left out). Each original is folded with its copy and two articles of another
topic through the public API, exactly as a user calls it (`storyfold.fold(records)`), and
the report is scored: a changed copy is *flagged* when a conflict has the changed sentence
on one side and the original on the other; a control counts against when the report holds
any conflict at all.

    .venv/bin/python bench/perturb.py [--per-kind N] [--seed S]

Only the bench reads the file's story labels (to pick unrelated articles).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import storyfold
from bench.devdata import require
from storyfold.records import Article

KINDS = ("number", "negation", "antonym", "actors", "date", "duration")
CONTROLS = ("exact", "numeral", "rounded", "spelling", "dropped")
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_WORDS = "two three four five six seven eight nine ten eleven twelve".split()
_AUX = re.compile(
    r"\b(is|was|are|were|has|have|had|will|would|could|can|should|did|does|do|must)\b"
    r"(?! not\b)(?!n't)(?= [a-z])"
)
_NEG = re.compile(
    r"\b(is|was|are|were|has|have|had|will|would|could|can|should|did|does|do)"
    r"(?: not|n't)\b"
)
_NUMBER = re.compile(
    r"(?<![\w.,$£€-])(?<!\d\. )(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,:]?\d)"
    r"(?=\s?-\s?[a-z]|\s[a-z])(?!\s?[ap]\.\s?m)"
)
_DURATION = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)(\s?-?\s?)"
    r"(minute|hour|day|week|month|year)(s?)\b"
)
_UNIT_SWAP = {
    "minute": "hour",
    "hour": "day",
    "day": "month",
    "week": "year",
    "month": "year",
    "year": "month",
}
_NAME = re.compile(r"(?<![\w'])([A-Z][a-z]+(?:\s[A-Z][a-z]+)*)(?![\w.'’])")
_NOT_NAMES = frozenset(
    "The A An In On At He She It They We I But And Or If When After Before As This That "
    "His Her Their Its Our Mr Mrs Ms Dr".split()
    + _WEEKDAYS
    + _MONTHS
)
_BRITISH = {
    "organize": "organise",
    "organized": "organised",
    "center": "centre",
    "color": "colour",
    "defense": "defence",
    "program": "programme",
    "theater": "theatre",
    "favor": "favour",
    "labor": "labour",
    "honor": "honour",
    "criticized": "criticised",
    "recognized": "recognised",
}


@dataclass
class Change:
    kind: str
    line: int  # index of the changed line in the text
    before: str
    after: str


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _antonyms() -> dict[str, list[str]]:
    path = Path(storyfold.__file__).parent / "data" / "reconcile_antonyms_wordnet.txt"
    out: dict[str, list[str]] = {}
    for ln in path.read_text(encoding="utf-8").splitlines():
        if ln and not ln.startswith("#"):
            a, b = ln.split()
            out.setdefault(a, []).append(b)
            out.setdefault(b, []).append(a)
    return out


def _inflect(word: str, lemma: str, target: str) -> str:
    """The antonym `target` in the inflection `word` shows of `lemma` (regular rules)."""
    tail = word[len(lemma) :] if word.startswith(lemma) else ""
    if not tail:
        return target
    if tail in ("ed", "d"):
        return target + ("d" if target.endswith("e") else "ed")
    if tail in ("s", "es"):
        return target + ("es" if target.endswith(("s", "sh", "ch", "x")) else "s")
    if tail == "ing":
        return (target[:-1] if target.endswith("e") else target) + "ing"
    return target + tail


def _antonym_edit(line: str, ants: dict[str, list[str]], rng: random.Random) -> str | None:
    words = list(re.finditer(r"\b[a-z]{4,}\b", line))
    rng.shuffle(words)
    for m in words:
        w = m.group()
        for lemma in (w, w[:-1], w[:-2], w[:-3], w[:-1] + "e" if w.endswith("ed") else ""):
            tail = w[len(lemma) :] if w.startswith(lemma) else "ed"
            if len(lemma) >= 3 and lemma in ants and tail in ("", "s", "es", "ed", "d", "ing"):
                target = sorted(ants[lemma])[0]
                new = _inflect(w, lemma, target)
                return line[: m.start()] + new + line[m.end() :]
    return None


def _number_edit(line: str) -> str | None:
    for m in _NUMBER.finditer(line):
        raw = m.group(1)
        value = int(raw.replace(",", ""))
        if 1800 <= value <= 2100 and "," not in raw:
            continue  # a year: the date kind changes those
        before = line[max(0, m.start() - 12) : m.start()]
        if any(month in before for month in _MONTHS):
            continue
        new = value * 2 if value >= 3 else value + 4
        if 1800 <= new <= 2100:
            new = value * 3
        text = f"{new:,}" if "," in raw else str(new)
        return line[: m.start()] + text + line[m.end() :]
    for w in _WORDS:
        m = re.search(rf"\b{w}\b(?= [a-z])", line)
        if m:
            other = _WORDS[(_WORDS.index(w) + 4) % len(_WORDS)]
            return line[: m.start()] + other + line[m.end() :]
    return None


def _negation_edit(line: str) -> str | None:
    m = _NEG.search(line)
    if m:
        return line[: m.start()] + m.group(1) + line[m.end() :]
    m = _AUX.search(line)
    if m and not re.search(r"\b(?:not|never|no)\b|n't", line):
        return line[: m.end()] + " not" + line[m.end() :]
    return None


def _actor_edit(line: str) -> str | None:
    names = [
        m
        for m in _NAME.finditer(line)
        if m.group(1) not in _NOT_NAMES and m.start() > 0 and line.count(m.group(1)) == 1
    ]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            between = line[a.end() : b.start()]
            wa, wb = set(a.group(1).split()), set(b.group(1).split())
            if wa & wb or not re.search(r"\b[a-z]{3,}\b", between):
                continue
            if re.fullmatch(r"[\s,]*(?:and|or|,)[\s,]*", between):
                continue
            return line[: a.start()] + b.group(1) + between + a.group(1) + line[b.end() :]
    return None


def _date_edit(line: str) -> str | None:
    for d in _WEEKDAYS:
        m = re.search(rf"\b{d}\b", line)
        if m:
            other = _WEEKDAYS[(_WEEKDAYS.index(d) + 2) % 7]
            return line[: m.start()] + other + line[m.end() :]
    for mo in _MONTHS:
        m = re.search(rf"\b{mo}\s(\d{{1,2}})\b", line)
        if m:
            day = int(m.group(1))
            new = day + 3 if day <= 25 else day - 3
            return line[: m.start(1)] + str(new) + line[m.end(1) :]
    for mo in _MONTHS:
        m = re.search(rf"\b{mo}\b", line)
        if m:
            other = _MONTHS[(_MONTHS.index(mo) + 3) % 12]
            return line[: m.start()] + other + line[m.end() :]
    m = re.search(r"\b(19[5-9]\d|20[0-2]\d)\b", line)
    if m:
        return line[: m.start()] + str(int(m.group(1)) - 2) + line[m.end() :]
    return None


def _duration_edit(line: str) -> str | None:
    m = _DURATION.search(line)
    if not m:
        return None
    unit = _UNIT_SWAP[m.group(3)]
    return line[: m.start(3)] + unit + line[m.end(3) :]


def _numeral_edit(line: str) -> str | None:
    m = re.search(r"\b([2-9])\b(?= [a-z])", line)
    if m:
        return line[: m.start()] + _WORDS[int(m.group(1)) - 2] + line[m.end() :]
    for i, w in enumerate(_WORDS[:8]):
        m = re.search(rf"\b{w}\b(?= [a-z])", line)
        if m:
            return line[: m.start()] + str(i + 2) + line[m.end() :]
    return None


def _rounded_edit(line: str) -> str | None:
    m = re.search(r"(?<![\w.,$-])(\d{3,}|\d{1,3}(?:,\d{3})+)(?![\w.,]?\d)(?= [a-z])", line)
    if not m:
        return None
    value = int(m.group(1).replace(",", ""))
    if 1800 <= value <= 2100 and "," not in m.group(1):
        return None
    digits = len(str(value)) - 2
    rounded = round(value, -digits)
    if rounded == value:
        return None
    return line[: m.start()] + f"about {rounded:,}" + line[m.end() :]


def _spelling_edit(line: str) -> str | None:
    for us, uk in _BRITISH.items():
        m = re.search(rf"\b{us}\b", line)
        if m:
            return line[: m.start()] + uk + line[m.end() :]
    return None


def perturb(text: str, kind: str, rng: random.Random, ants: dict[str, list[str]]) -> Change | None:
    """One changed line of `text` (body lines first, the headline last), or None."""
    lines = _lines(text)
    order = [i for i in range(len(lines)) if len(re.findall(r"[A-Za-z]{2,}", lines[i])) >= 6]
    edits: dict[str, Callable[[str], str | None]] = {
        "number": _number_edit,
        "negation": _negation_edit,
        "antonym": lambda ln: _antonym_edit(ln, ants, rng),
        "actors": _actor_edit,
        "date": _date_edit,
        "duration": _duration_edit,
        "numeral": _numeral_edit,
        "rounded": _rounded_edit,
        "spelling": _spelling_edit,
    }
    if kind == "exact":
        return Change(kind, -1, "", "")
    if kind == "dropped":
        body = [i for i in order if i > 0]
        if len(body) < 3:
            return None
        i = body[len(body) // 2]
        return Change(kind, i, lines[i], "")
    for i in order:
        new = edits[kind](lines[i])
        if new and new != lines[i]:
            return Change(kind, i, lines[i], new)
    return None


def apply(text: str, change: Change) -> str:
    lines = _lines(text)
    if change.line < 0:
        return text
    if change.kind == "dropped":
        return "\n".join(lines[: change.line] + lines[change.line + 1 :])
    lines[change.line] = change.after
    return "\n".join(lines)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _is_changed_side(side_text: str, change: Change) -> bool:
    a, b = _words(side_text), _words(change.after)
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


def run_case(original: dict, change: Change, unrelated: list[dict]) -> tuple[bool, int, list[dict]]:
    """Fold original + copy + unrelated; (flagged, conflicts, the conflicts as dicts)."""
    copy_text = apply(original["text"], change)
    records = [
        Article(id="original", source="original", raw=original["text"]),
        Article(id="copy", source="copy", raw=copy_text),
    ]
    records += [
        Article(id=f"other-{k}", source="other", raw=u["text"]) for k, u in enumerate(unrelated)
    ]
    report = storyfold.fold(records, jobs=1)
    conflicts = [c for s in report.stories for c in s.conflicts]
    flagged = any(
        {s.article for s in c.sides} == {"original", "copy"}
        and any(s.article == "copy" and _is_changed_side(s.text, change) for s in c.sides)
        for c in conflicts
    )
    return (
        flagged,
        len(conflicts),
        [
            {"kind": c.kind, "why": c.why, "sides": [[s.article, s.text] for s in c.sides]}
            for c in conflicts
        ],
    )


def evaluate(per_kind: int, seed: int, *, verbose: bool = False) -> dict[str, dict[str, float]]:
    rows = [json.loads(ln) for ln in require("ecbplus_dev.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    order = list(range(len(rows)))
    rng.shuffle(order)
    ants = _antonyms()
    results: dict[str, dict[str, float]] = {}
    for kind in KINDS + CONTROLS:
        hits = total = with_conflict = 0
        for i in order:
            if total >= per_kind:
                break
            row = rows[i]
            change = perturb(row["text"], kind, random.Random(f"{seed}-{row['id']}"), ants)
            if change is None:
                continue
            topic = row["story"].split("_")[0]
            others = [r for r in rows if r["story"].split("_")[0] != topic]
            unrelated = random.Random(f"{seed}-{row['id']}-u").sample(others, 2)
            flagged, n, conflicts = run_case(row, change, unrelated)
            total += 1
            hits += flagged
            with_conflict += n > 0
            if verbose and ((kind in KINDS and not flagged) or (kind in CONTROLS and n)):
                print(
                    f"-- {kind} {row['id']} flagged={flagged}\n   before: {change.before}"
                    f"\n   after:  {change.after}"
                )
                for c in conflicts:
                    print("   conflict:", json.dumps(c)[:400])
        results[kind] = {
            "cases": total,
            "flagged": hits / max(1, total),
            "with_conflict": with_conflict / max(1, total),
        }
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-kind", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    res = evaluate(args.per_kind, args.seed, verbose=args.verbose)
    print(f"{'kind':<10} {'cases':>5} {'flagged':>8} {'any conflict':>13}")
    for kind, r in res.items():
        print(f"{kind:<10} {r['cases']:>5.0f} {r['flagged']:>8.2f} {r['with_conflict']:>13.2f}")
    changed = [res[k] for k in KINDS]
    overall = sum(r["flagged"] * r["cases"] for r in changed) / max(
        1, sum(r["cases"] for r in changed)
    )
    controls = [res[k] for k in CONTROLS]
    false = sum(r["with_conflict"] * r["cases"] for r in controls) / max(
        1, sum(r["cases"] for r in controls)
    )
    print(
        f"changed copies flagged: {overall:.3f}",
        f"(each kind >= {min(r['flagged'] for r in changed):.2f})",
    )
    print(f"controls with any conflict: {false:.3f}")
    print(
        "baseline (a conflict whenever the copy differs from the original at all): "
        "flagged 1.000, controls with a conflict "
        f"{1 - res['exact']['cases'] / max(1, sum(r['cases'] for r in controls)):.3f}"
    )


if __name__ == "__main__":
    main()
