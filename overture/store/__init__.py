"""The corpus store: articles and their records in SQL (SQLite by default), and the views
the CLI and the web app show (signals, actors, timelines, outlets)."""
from overture.store._export import SIGNAL_COLUMNS, SIGNAL_FORMATS, flat_signal, write_signals
from overture.store._store import (DEFAULT_URL, ReprocessReport, Store, StoreError, canonical_url,
                                   content_hash)

__all__ = ["DEFAULT_URL", "SIGNAL_COLUMNS", "SIGNAL_FORMATS", "ReprocessReport", "Store", "StoreError",
           "canonical_url", "content_hash", "flat_signal", "write_signals"]
