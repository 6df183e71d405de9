"""Free-text columns filled from article content become TEXT (no length limit).

Names (actors, speakers, targets, claimants, counterparts), outlets, the page's language tag
and the canonical URL come from what an article says, so an over-long one made PostgreSQL refuse
the whole article (VARCHAR(n)) while SQLite stored it. Fixed-vocabulary columns (kind, side,
type, offsets, cameo, plover, state) and content_hash keep their lengths.

PostgreSQL (and any other database): ALTER COLUMN ... TYPE TEXT, done in place (VARCHAR to
TEXT needs no rewrite); the unique constraints and indexes stay as they are.

SQLite: the declared type in the table's CREATE statement is edited in place (SQLite's own
procedure for schema changes that leave the stored data as it is: VARCHAR(n) and TEXT are
the same TEXT affinity, and SQLite never enforced n). Alembic's batch mode is not used there:
it copies each table and drops the old one, and with foreign keys on (as the store opens
every connection) dropping `articles` or `signals` deletes their statements, signals,
claims and mentions by cascade; foreign keys cannot be switched off inside the migration's
transaction. A failure leaves the database at 0002 (the transaction is rolled back).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# table -> [(column, its VARCHAR length up to 0002, nullable)]
COLUMNS = {
    'articles': [('canonical_url', 2048, True), ('outlet', 200, True), ('language', 16, True)],
    'actors': [('name', 300, False)],
    'statements': [('speaker', 300, True)],
    'signals': [('actor', 300, True), ('target', 300, True)],
    'claims': [('claimant', 300, True)],
    'story_articles': [('outlet', 200, False)],
    'folded_statements': [('actor', 300, True), ('target', 300, True), ('counterpart', 300, True)],
    'statement_mentions': [('outlet', 200, False)],
    'positions': [('actor', 300, False), ('counterpart', 300, True)],
}


def _sqlite_declared_types(changes: dict[str, list[tuple[str, str, str]]]) -> None:
    """Rewrite `column OLD` to `column NEW` in each table's CREATE statement, in place."""
    conn = op.get_bind()
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
    rewritten = {}
    for table, columns in changes.items():
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                   (table,)).scalar()
        if sql is None:
            raise RuntimeError(f"0003: table {table} is missing")
        for column, old, new in columns:
            sql, n = re.subn(rf'^(\s*"?{column}"?\s+){re.escape(old)}(?=[\s,])', rf'\g<1>{new}', sql,
                             flags=re.MULTILINE | re.IGNORECASE)
            if n != 1:
                raise RuntimeError(f"0003: {table}.{column} is not declared {old}; nothing changed")
        rewritten[table] = sql
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        for table, sql in rewritten.items():
            conn.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                                 (sql, table))
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")  # every connection rereads it
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")
    check = conn.exec_driver_sql("PRAGMA quick_check").scalars().all()
    if check != ["ok"]:
        raise RuntimeError(f"0003: SQLite reports {check[:3]} after the change")


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_declared_types({table: [(name, f'VARCHAR({length})', 'TEXT') for name, length, _ in columns]
                                for table, columns in COLUMNS.items()})
        return
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, length, nullable in columns:
                batch_op.alter_column(name, existing_type=sa.String(length=length), type_=sa.Text(),
                                      existing_nullable=nullable)


def downgrade() -> None:
    """Back to VARCHAR(n). On PostgreSQL this fails (and changes nothing) if a stored value is
    longer than n."""
    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_declared_types({table: [(name, 'TEXT', f'VARCHAR({length})') for name, length, _ in columns]
                                for table, columns in COLUMNS.items()})
        return
    for table, columns in reversed(COLUMNS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, length, nullable in columns:
                batch_op.alter_column(name, existing_type=sa.Text(), type_=sa.String(length=length),
                                      existing_nullable=nullable)
