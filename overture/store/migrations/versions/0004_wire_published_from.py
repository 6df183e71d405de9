"""Articles keep the wire a story came from and where their date was read.

`wire`: the news agency whose story the outlet runs ("(AP) -" on another site);
`published_from`: text, path or manifest, so a timeline can say how sure its dates are.
A table of its own, one row per article where either is known: the articles table is left
as it was (no column added, nothing copied).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'article_origins',
        sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('wire', sa.Text(), nullable=True),
        sa.Column('published_from', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id'),
    )


def downgrade() -> None:
    op.drop_table('article_origins')
