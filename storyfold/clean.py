"""PLACEHOLDER: replaced by the cleaning work."""
from storyfold.records import Article


def clean_article(article: Article) -> None:
    article.text = article.raw


def clean_corpus(articles: list[Article]) -> None:
    return None


def clean_story(articles: list[Article]) -> bool:
    return False
