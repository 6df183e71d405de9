"""Ingest: files, folders, URLs, RSS/Atom feeds and manifests into the corpus store."""
from overture.ingest._fetch import MAX_BYTES, MAX_REDIRECTS, USER_AGENT, Page, default_client, fetch
from overture.ingest._ingest import IngestReport, Outcome, ingest
from overture.ingest._manifest import ManifestRow, read_manifest

__all__ = ["MAX_BYTES", "MAX_REDIRECTS", "USER_AGENT", "IngestReport", "ManifestRow", "Outcome", "Page",
           "default_client", "fetch", "ingest", "read_manifest"]
