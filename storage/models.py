"""The schema. Rows of one crawl are keyed by (run_id, id) so writers assign ids themselves
and insert in bulk without asking the database for keys."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

RUN_STATUSES = ("running", "completed", "failed", "interrupted")

sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("start_url", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False, index=True),
    Column("start_url", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("settings", JSON),
    Column("stats", JSON),
    Column("robots_url", Text),
    Column("robots_status", Integer),
    Column("robots_body", Text),
    Column("robots_hash", String(64)),
    Column("robots_error", Text),
    Column("error", Text),
    Column("pid", Integer),
    Column("hostname", String(255)),
)

sitemaps = Table(
    "sitemaps",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("url", Text, nullable=False),
    Column("parent_id", Integer),
    Column("found_via", String(20), nullable=False),
    Column("kind", String(20)),
    Column("status", Integer),
    Column("url_count", Integer, nullable=False, default=0),
    Column("error", Text),
)

urls = Table(
    "urls",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("url", Text, nullable=False),
    Column("url_key", BigInteger, nullable=False),
    Column("internal", Boolean, nullable=False),
    Column("found_via", String(20), nullable=False),
    Column("found_on_id", Integer),
    Column("depth", Integer),
    Column("robots_disallowed", Boolean, nullable=False, default=False),
    Column("skip_reason", String(30)),
    Index("ix_urls_run_id_url_key", "run_id", "url_key"),
)

sitemap_urls = Table(
    "sitemap_urls",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("sitemap_id", Integer, primary_key=True, autoincrement=False),
    Column("url_id", Integer, primary_key=True, autoincrement=False),
    Column("lastmod", String(40)),
    Index("ix_sitemap_urls_run_id_url_id", "run_id", "url_id"),
)

responses = Table(
    "responses",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("url_id", Integer, primary_key=True, autoincrement=False),
    Column("status", Integer),
    Column("location", Text),
    Column("redirect_target_id", Integer),
    Column("content_type", String(255)),
    Column("size", Integer),
    Column("latency_ms", Float),
    Column("title", Text),
    Column("h1", Text),
    Column("meta_robots", Text),
    Column("x_robots_tag", Text),
    Column("canonical", Text),
    Column("www_authenticate", Text),
    Column("auth_scheme", String(40)),
    Column("auth_realm", Text),
    Column("retry_after", String(100)),
    Column("attempts", Integer, nullable=False, default=1),
    Column("throttled", Integer, nullable=False, default=0),
    Column("word_count", Integer),
    Column("simhash", BigInteger),
    Column("flags", Text),  # space-separated verdict codes, e.g. "missing_challenge noindex"
    Column("error", Text),
    Column("fetched_at", DateTime(timezone=True)),
)

links = Table(
    "links",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("anchor", Text),
    Column("nofollow", Boolean, nullable=False, default=False),
    Column("section", String(10), nullable=False),
    Index("ix_links_run_id_target_id", "run_id", "target_id"),
    Index("ix_links_run_id_source_id", "run_id", "source_id"),
)
