"""Alembic environment for overture's store.

`Store` runs migrations itself on open (see overture/store/_store.py), handing over its own
connection in `config.attributes["connection"]`; there is no alembic.ini to keep in step.
"""
from __future__ import annotations

from alembic import context

from overture.store._models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=True)  # SQLite can only alter tables by copying them
with context.begin_transaction():
    context.run_migrations()
