"""Incremental ingest of ECB+ dev in 10 batches folds into the stories one `fold` of the
same articles gives (within 0.01 B-cubed against the gold stories and against the fold's
own), and re-sending a batch changes nothing."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from sqlalchemy import select

import storyfold
from storyfold.read import read_inputs
from storyfold.records import Article
from storyfold.store import add_articles, fold_all, open_store
from storyfold.store.models import ArticleRow, ChangeRow, StoryRow


def _bcubed(groups: Sequence[Sequence[str]], gold: Mapping[str, Hashable]) -> float:
    cluster_of = {i: n for n, g in enumerate(groups) for i in g}
    gold_size = Counter(gold.values())
    pair = Counter((cluster_of[i], gold[i]) for i in gold)
    csize = Counter(cluster_of[i] for i in gold)
    p = sum(pair[(cluster_of[i], gold[i])] / csize[cluster_of[i]] for i in gold) / len(gold)
    r = sum(pair[(cluster_of[i], gold[i])] / gold_size[gold[i]] for i in gold) / len(gold)
    return 2 * p * r / (p + r)


@pytest.mark.slow
def test_ten_batches_match_one_fold_and_resend_changes_nothing(
    tmp_path: Path, dev_data: Path
) -> None:
    path = dev_data / "ecbplus_dev.jsonl"
    gold = {r["id"]: r["story"] for r in map(json.loads, path.open(encoding="utf-8"))}
    articles = [a for a in read_inputs([str(path)]) if isinstance(a, Article)]
    store = open_store(str(tmp_path / "ecb.db"))
    n = len(articles)
    batches = [articles[b * n // 10:(b + 1) * n // 10] for b in range(10)]
    for batch in batches:
        assert len(add_articles(store, batch).stored) == len(batch)
        fold_all(store)
    with store.session() as session:
        groups: dict[int | None, list[str]] = {}
        for aid, sid in session.execute(select(ArticleRow.id, ArticleRow.story_id)):
            groups.setdefault(sid, []).append(aid)
        changes = len(session.scalars(select(ChangeRow.seq)).all())
        sizes = sorted(session.scalars(select(StoryRow.size)))
    assert None not in groups  # every article placed
    # One stored story per group, each of its group's size (no empty or duplicate stories).
    assert sizes == sorted(len(g) for g in groups.values())
    folded = [s.articles for s in storyfold.fold([str(path)]).stories]
    as_fold = {i: n for n, g in enumerate(folded) for i in g}
    assert _bcubed(list(groups.values()), as_fold) >= 0.99
    assert abs(_bcubed(list(groups.values()), gold) - _bcubed(folded, gold)) <= 0.01
    again = add_articles(store, batches[3])
    assert again.stored == [] and len(again.duplicates) == len(batches[3])
    assert fold_all(store).placed == 0
    with store.session() as session:
        assert len(session.scalars(select(ChangeRow.seq)).all()) == changes
