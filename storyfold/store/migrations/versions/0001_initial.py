"""The first schema: articles, stories, story entities, changes, meta.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sites", sa.Text, nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("first_published", sa.String(64)),
        sa.Column("last_published", sa.String(64)),
        sa.Column("first_seen", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_stories_size", "stories", ["size"])
    op.create_index("ix_stories_first_published", "stories", ["first_published"])
    op.create_index("ix_stories_last_published", "stories", ["last_published"])
    op.create_index("ix_stories_revision", "stories", ["revision"])
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(512), nullable=False, unique=True),
        sa.Column("url", sa.String(2048), unique=True),
        sa.Column("text_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("site", sa.String(255)),
        sa.Column("byline", sa.Text),
        sa.Column("published", sa.String(64)),
        sa.Column("day", sa.Integer),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("placed", sa.Boolean, nullable=False),
        sa.Column("story_id", sa.Integer,
                  sa.ForeignKey("stories.id", ondelete="SET NULL")),
        sa.Column("folded", sa.JSON),
    )
    op.create_index("ix_articles_site", "articles", ["site"])
    op.create_index("ix_articles_day", "articles", ["day"])
    op.create_index("ix_articles_placed", "articles", ["placed"])
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_table(
        "story_entities",
        sa.Column("story_id", sa.Integer,
                  sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.String(512), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
    )
    op.create_index("ix_story_entities_name", "story_entities", ["name"])
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_index("ix_changes_story_id", "changes", ["story_id"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "changes", "story_entities", "articles", "stories"):
        op.drop_table(table)
