"""The report as Markdown: per story its brief, families and sources; then read errors.

Article text is text here too: every character Markdown gives a meaning to is
backslash-escaped (so no link, image, raw HTML or code span comes from an article), bare
URLs and addresses are broken with a zero-width space (renderers link them otherwise),
and table cells fold newlines. The brief keeps only the structure storyfold writes into
it: headings, list items, its sources table, **bold** labels and citation markers.
"""

from __future__ import annotations

import re

from storyfold.records import Article, Report, Story

_SPECIAL = re.compile(r"([\\`*_\[\]()<>!|~&])")
_AUTOLINK = re.compile(r"(://|www\.|@)", re.IGNORECASE)
# What the brief writer itself puts into a line, kept as Markdown (see reconcile/brief.py).
_BRIEF_PREFIX = re.compile(r"^(#{1,6} |- )")
_BRIEF_TOKEN = re.compile(r"(\[\[[^\[\]\n]+\]\]|\*\*[^*\n]{1,60}\*\*)")
_TABLE_RULE = re.compile(r"^\|(?:-+\|)+$")


def md_text(text: object) -> str:
    """Any text as inert Markdown inline text, on one line."""
    value = " ".join(str(text if text is not None else "").split())
    value = _SPECIAL.sub(r"\\\1", value)
    return _AUTOLINK.sub(lambda m: m.group()[0] + "\u200b" + m.group()[1:], value)


def _cell(text: object) -> str:
    """A table cell: inert text that cannot break the table (pipes escaped, newlines
    folded)."""
    return md_text(text)


def brief_markdown(brief: str) -> str:
    """The brief with everything but its own structure escaped."""
    out = []
    for line in brief.splitlines():
        if not line.strip() or _TABLE_RULE.match(line):
            out.append(line)
            continue
        if line.startswith("|") and line.rstrip().endswith("|"):
            cells = line.strip()[1:-1].split(" | ")
            out.append("| " + " | ".join(_brief_inline(c.strip()) for c in cells) + " |")
            continue
        m = _BRIEF_PREFIX.match(line)
        prefix = m.group() if m else ""
        out.append(prefix + _brief_inline(line[len(prefix):]))
    return "\n".join(out)


def _brief_inline(text: str) -> str:
    parts = []
    for n, piece in enumerate(_BRIEF_TOKEN.split(text)):
        if n % 2 == 0:
            core = piece.strip()
            if core:  # the spaces around a piece part it from its neighbours
                lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
                parts.append(lead + md_text(core) + trail)
            else:
                parts.append(piece)
        elif piece.startswith("**"):
            parts.append("**" + md_text(piece[2:-2]) + "**")
        else:
            parts.append("\\[\\[" + md_text(piece[2:-2]) + "\\]\\]")
    return "".join(parts)


def _fidelity(a: Article) -> str:
    return "" if a.fidelity is None else f"{a.fidelity:.2f}"


def story_markdown(story: Story, articles: dict[str, Article]) -> str:
    lines = [f"## {story.id}: {_cell(story.title or 'untitled story')}", ""]
    if story.brief:
        lines += [brief_markdown(story.brief.strip()), ""]
    family_of = story.family_numbers()
    lines += [
        "### Articles",
        "",
        "| article | title | site | family | relation | derived from | fidelity | dropped lines "
        "| language |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for aid in story.articles:
        a = articles[aid]
        lines.append(
            f"| {_cell(aid)} | {_cell(a.title)} | {_cell(a.site)} | {family_of.get(aid, '')} "
            f"| {_cell(a.relation)} | {_cell(a.derived_from)} | {_fidelity(a)} | {len(a.dropped)} "
            f"| {_cell(a.language)} |"
        )
    lines.append("")
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    articles = {a.id: a for a in report.articles}
    out = [
        "# storyfold report",
        "",
        f"{len(report.articles)} articles folded into {len(report.stories)} "
        + ("story" if len(report.stories) == 1 else "stories")
        + (f"; {len(report.errors)} inputs could not be read." if report.errors else "."),
        "",
    ]
    out += [f"Note: {_cell(note)}" for note in report.notes] + ([""] if report.notes else [])
    for story in report.stories:
        out.append(story_markdown(story, articles))
    if report.errors:
        out += ["## Inputs that could not be read", ""]
        out += [f"- {md_text(e.path)}: {md_text(e.error)}" for e in report.errors]
        out.append("")
    return "\n".join(out)
