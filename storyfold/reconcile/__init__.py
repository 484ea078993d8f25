"""PLACEHOLDER: replaced by the reconcile work."""
from collections.abc import Sequence

from storyfold.records import Article, Story


def reconcile(story: Story, articles: Sequence[Article]) -> None:
    return None
