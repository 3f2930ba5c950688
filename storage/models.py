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
    UniqueConstraint,
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
    # detectors: whether each host and URL shape answers URLs that cannot exist with a 404
    Column("honesty", JSON),
    # scheduler: the scheduled time this run is for, so that a job firing twice crawls once
    Column("scheduled_for", DateTime(timezone=True)),
    # workers: the `gatewatch worker` that crawled this run (NULL when not run by a worker)
    Column("worker", String(255)),
    UniqueConstraint("site_id", "scheduled_for"),
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
    Column("signals", Text),  # JSON: the detectors' observations (crawler.detectors.Signals)
    Column("verdicts", Text),  # JSON list: the detectors' verdicts with reasons and evidence
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
    Index("ix_links_run_id_target_id", "run_id", "target_id"),  # inlinks of a finding
)

# Links that many pages share (navigation, header, footer, aside: the page template) are
# stored once per run as a template, and each page that has them names the template. On a
# 5,000-page site they were 9 rows in 10 a crawl wrote. `links` keeps each page's own links.
template_links = Table(
    "template_links",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("template_id", Integer, nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("anchor", Text),
    Column("nofollow", Boolean, nullable=False, default=False),
    Column("section", String(10), nullable=False),
    Index("ix_template_links_run_id_target_id", "run_id", "target_id"),
)

page_templates = Table(
    "page_templates",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("template_id", Integer, nullable=False),
    Index("ix_page_templates_run_id_template_id", "run_id", "template_id"),
)

# Every link of a run, one row per link on a page, whichever way it is stored: a view. A
# migration that alters links, template_links or page_templates must drop it first and create
# it again after (SQLite's batch mode copies tables, and PostgreSQL refuses to retype a column
# a view uses).
ALL_LINKS_VIEW = """CREATE VIEW all_links AS
SELECT run_id, source_id, target_id, anchor, nofollow, section FROM links
UNION ALL
SELECT t.run_id, p.source_id, t.target_id, t.anchor, t.nofollow, t.section
FROM template_links t
JOIN page_templates p ON p.run_id = t.run_id AND p.template_id = t.template_id"""
views = MetaData()  # not created by create_all: storage.database and the migrations do
all_links = Table(
    "all_links",
    views,
    Column("run_id", Integer),
    Column("source_id", Integer),
    Column("target_id", Integer),
    Column("anchor", Text),
    Column("nofollow", Boolean),
    Column("section", String(10)),
)

# Probes: URLs that cannot exist, fetched once per host and URL shape (issue 3).
probes = Table(
    "probes",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("shape", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("url", Text, nullable=False),
    Column("status", Integer),
    Column("final_url", Text),
    Column("final_status", Integer),
    Column("simhash", BigInteger),
    Column("looks_like", String(20)),
    Column("error", Text),
)

# The tables a crawl writes, parents first: a reader never sees a response without its URL.
CRAWL_TABLES = (
    sitemaps, urls, sitemap_urls, responses, links, template_links, page_templates, probes,
)  # fmt: skip

# Backlinks imported from Ahrefs, Search Console, Semrush... exports (issue 4).
backlink_imports = Table(
    "backlink_imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False, index=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("format", String(40), nullable=False),
    Column("row_count", Integer, nullable=False, default=0),
    Column("skipped_count", Integer, nullable=False, default=0),
    Column("problems", JSON),  # list of sentences: which lines could not be used, and why
    Column("skipped", JSON),  # reason -> number of rows, e.g. {"other_host": 3}
    Column("encoding", String(40)),
)

backlinks = Table(
    "backlinks",
    metadata,
    Column(
        "import_id",
        Integer,
        ForeignKey("backlink_imports.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("target_url", Text, nullable=False),
    Column("target_key", BigInteger, nullable=False),
    Column("source_url", Text),
    Column("referring_domain", String(255)),
    Column("domain_rating", Float),
    Column("links", Integer, nullable=False, default=1),
    Column("referring_domains", Integer),
    Column("anchor", Text),
    Column("nofollow", Boolean),
    Column("followed", Integer),  # followed links among `links`; NULL when the export is silent
    Index("ix_backlinks_import_id_target_key", "import_id", "target_key"),
)

# Findings of a run, classified into buckets (issue 4). Fixed findings are kept with the run
# that found them fixed, so that a diff or an export of one run needs no other run.
findings = Table(
    "findings",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("url_id", Integer),  # the URL in this run, if it was met
    Column("url", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("bucket", String(30), nullable=False),
    Column("change", String(20)),
    Column("status", Integer),
    Column("final_url", Text),
    Column("final_status", Integer),
    Column("previous_bucket", String(30)),
    Column("previous_status", Integer),
    Column("title", Text),
    Column("flags", Text),
    Column("reasons", JSON),
    Column("actions", JSON),
    Column("impact", Float),
    Column("in_sitemap", Boolean, nullable=False, default=False),
    Column("backlinks", Integer, nullable=False, default=0),
    Column("referring_domains", Integer, nullable=False, default=0),
    Column("inlinks", Integer, nullable=False, default=0),
    Column("public_inlinks", Integer, nullable=False, default=0),
    Column("depth", Integer),
    Column("evidence", JSON),
)

# One row per run whose findings were built: when, against which run, and the counts the
# trend chart reads.
finding_summaries = Table(
    "finding_summaries",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("built_at", DateTime(timezone=True), nullable=False),
    Column("previous_run_id", Integer),
    Column("counts", JSON),  # open findings per bucket
    Column("changes", JSON),  # findings per change (new, fixed, ...)
)

# E-mails sent (or not) for a run's report (issue 5).
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),  # sent, failed, skipped
    Column("recipients", Text),
    Column("subject", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("report_path", Text),
    Index("ix_deliveries_run_id", "run_id"),
)
