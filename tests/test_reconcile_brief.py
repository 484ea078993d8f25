from storyfold.reconcile import CITATION, reconcile
from storyfold.sentences import split_sentences
from tests.reconcile_story import make_story


def _brief(provenance=True):
    story, articles = make_story(provenance=provenance)
    reconcile(story, articles)
    return story, articles


def _sentences(brief):
    for line in brief.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("|---"):
            continue
        if line.startswith("| article"):
            continue
        yield from (s.text for s in split_sentences(line))


def test_every_sentence_cites_an_article_of_the_story():
    for provenance in (True, False):
        story, _ = _brief(provenance)
        sentences = list(_sentences(story.brief))
        assert sentences
        for s in sentences:
            cited = [m.group(1) for m in CITATION.finditer(s)]
            assert cited and set(cited) <= set(story.articles), s


def test_citations_point_at_real_sentences():
    story, articles = _brief()
    by_id = {a.id: a for a in articles}
    for m in CITATION.finditer(story.brief):
        if m.group(2) is not None:
            assert int(m.group(2)) < len(by_id[m.group(1)].sentences)


def test_brief_uses_canonical_names_outside_the_quoted_conflicts():
    story, _ = _brief()
    before_conflicts = story.brief.split("## Conflicts")[0]
    assert "Marisol Aranda" in before_conflicts
    assert "Arandah" not in before_conflicts and "Echevarria" not in before_conflicts


def test_brief_sections_and_source_table():
    story, _ = _brief()
    assert story.title and story.brief.startswith("# ")
    for section in ("## Key facts", "## Conflicts between sources", "## Sources"):
        assert section in story.brief
    table = story.brief.split("## Sources")[1]
    assert "| [[b]] | b.example | F1 | translation | 0.60 |" in table


def test_facts_count_families_not_articles():
    story, _ = _brief()
    claim = next(f for f in story.facts if f.kind == "claim" and set(f.articles) == {"a", "b", "c"})
    assert claim.independent == 2
    money = next(f for f in story.facts if f.kind == "number" and f.value == "USD 2.4 billion")
    assert set(money.articles) == {"a", "b", "c"} and money.independent == 2


def test_story_of_one_article_or_empty_articles_still_gets_a_brief():
    from storyfold.records import Article, Story

    empty = Article(id="e", source="e", raw="")
    lone = Article(id="l", source="l", raw="x", text="Ships left Oslo on Monday for the north.")
    lone.sentences = split_sentences(lone.text)
    story = Story(id="s", articles=["e", "l"])
    reconcile(story, [empty, lone])
    assert story.title and "[[l" in story.brief
    assert story.conflicts == [] and all(f.independent == 1 for f in story.facts)


def test_articles_telling_a_fact_in_other_words_are_counted_and_said(tmp_path):
    from flood_reports import FIRST, SECOND

    from storyfold import fold

    (tmp_path / "a.txt").write_text(FIRST.format(dateline_a="PORTO (Reuters)"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND.format(dateline_b="LISBON (AFP)"), encoding="utf-8")
    (story,) = fold([str(tmp_path)]).stories
    lines = {ln.split(" (")[0][2:]: ln for ln in story.brief.splitlines() if ln.startswith("- ")}
    # b says only that two bridges closed: it tells the claim in part, so it is not cited,
    # and the count says so.
    bridges = lines["He said two bridges were closed and schools would stay shut until Monday"]
    assert "(2 articles, 2 independent sources, 1 in other words)" in bridges
    assert "[[a#s2]]" in bridges and "[[b#" not in bridges
    # Both carry the forecast: both cited, nothing told in other words.
    rain = lines["Forecasters expect more rain over the weekend"]
    assert "(2 articles, 2 independent sources)" in rain
