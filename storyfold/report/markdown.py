"""The report as Markdown: per story its brief, families and sources; then read errors."""

from __future__ import annotations

from storyfold.records import Article, Report, Story


def _cell(text: object) -> str:
    """Table cells must not break the table: pipes and newlines are escaped/folded."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _fidelity(a: Article) -> str:
    return "" if a.fidelity is None else f"{a.fidelity:.2f}"


def story_markdown(story: Story, articles: dict[str, Article]) -> str:
    lines = [f"## {story.id}: {_cell(story.title or 'untitled story')}", ""]
    if story.brief:
        lines += [story.brief.strip(), ""]
    family_of = {aid: n for n, fam in enumerate(story.families, 1) for aid in fam.articles}
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
        out += [f"- `{_cell(e.path)}`: {_cell(e.error)}" for e in report.errors]
        out.append("")
    return "\n".join(out)
