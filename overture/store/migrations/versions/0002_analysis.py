"""Analysis tables: stories, story_articles, folded_statements, statement_mentions, positions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stories',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('first_seen', sa.Date(), nullable=True),
    sa.Column('last_seen', sa.Date(), nullable=True),
    sa.Column('actors', sa.Text(), nullable=False),
    sa.Column('types', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_first_seen'), ['first_seen'], unique=False)

    op.create_table('story_articles',
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('copy_of', sa.Integer(), nullable=True),
    sa.Column('rewrite_of', sa.Integer(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=False),
    sa.Column('framing', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_story_articles_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['copy_of'], ['articles.id'], name=op.f('fk_story_articles_copy_of_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rewrite_of'], ['articles.id'], name=op.f('fk_story_articles_rewrite_of_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_articles_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_story_articles'))
    )
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_articles_story_id'), ['story_id'], unique=False)

    op.create_table('folded_statements',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=300), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=True),
    sa.Column('counterpart', sa.String(length=300), nullable=True),
    sa.Column('first_said', sa.Date(), nullable=True),
    sa.Column('last_said', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_folded_statements_actor_id_actors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_folded_statements_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_folded_statements'))
    )
    with op.batch_alter_table('folded_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_folded_statements_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_folded_statements_story_id'), ['story_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_folded_statements_type'), ['type'], unique=False)

    op.create_table('statement_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('signal_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('dropped', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_statement_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signal_id'], ['signals.id'], name=op.f('fk_statement_mentions_signal_id_signals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['folded_statements.id'], name=op.f('fk_statement_mentions_statement_id_folded_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_mentions')),
    sa.UniqueConstraint('signal_id', name=op.f('uq_statement_mentions_signal_id'))
    )
    with op.batch_alter_table('statement_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_mentions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_mentions_statement_id'), ['statement_id'], unique=False)

    op.create_table('positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=300), nullable=False),
    sa.Column('counterpart', sa.String(length=300), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('last_seen', sa.Date(), nullable=True),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_positions_actor_id_actors'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_positions'))
    )
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_positions_actor_id'), ['actor_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_positions_actor_id'))
    op.drop_table('positions')
    with op.batch_alter_table('statement_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_mentions_statement_id'))
        batch_op.drop_index(batch_op.f('ix_statement_mentions_article_id'))
    op.drop_table('statement_mentions')
    with op.batch_alter_table('folded_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_folded_statements_type'))
        batch_op.drop_index(batch_op.f('ix_folded_statements_story_id'))
        batch_op.drop_index(batch_op.f('ix_folded_statements_actor_id'))
    op.drop_table('folded_statements')
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_articles_story_id'))
    op.drop_table('story_articles')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_first_seen'))
    op.drop_table('stories')
