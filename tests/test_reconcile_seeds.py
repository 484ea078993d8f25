"""The done-when bars on the five seed articles, folded as one story.

Scoring lives in bench/eval_reconcile.py (one implementation for the bench and the gate);
the gold answers are a copy in tests/data/reconcile/seeds_gold.json. Depends on the real
alignment and provenance stages: the bars are what reconcile reaches with them.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from storyfold.read import read_inputs
from storyfold.records import Article

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).parent / "data" / "reconcile" / "seeds_gold.json"


def _bench():
    path = ROOT / "bench" / "eval_reconcile.py"
    spec = importlib.util.spec_from_file_location("eval_reconcile", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    bench = _bench()
    seeds = ROOT / "examples" / "seeds"
    articles = [a for a in read_inputs([str(seeds)]) if isinstance(a, Article)]
    assert len(articles) == 5
    story = bench.fold_one_story(articles)
    return story, bench.score_seeds(story, json.loads(GOLD.read_text()))


def test_entities_found(scores):
    _, s = scores
    assert s["entities_found"] >= 12


def test_garbled_forms_attached(scores):
    _, s = scores
    assert s["garbled_attached"] >= 0.75


def test_meaning_changes_flagged_with_few_false_alarms(scores):
    _, s = scores
    assert s["meaning_changes_flagged"] >= 5
    assert s["other_conflicts"] <= 3


def test_facts_with_articles_and_independent_support(scores):
    _, s = scores
    assert s["facts_ok"] >= 8


def test_brief_cites_every_sentence(scores):
    story, s = scores
    assert s["brief_citations_ok"]
    assert story.title
