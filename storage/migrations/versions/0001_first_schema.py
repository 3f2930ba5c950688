"""first schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:42:29.278873
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("start_url", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
        sa.UniqueConstraint("name", name=op.f("uq_sites_name")),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("start_url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=True),
        sa.Column("stats", sa.JSON(), nullable=True),
        sa.Column("robots_url", sa.Text(), nullable=True),
        sa.Column("robots_status", sa.Integer(), nullable=True),
        sa.Column("robots_body", sa.Text(), nullable=True),
        sa.Column("robots_hash", sa.String(length=64), nullable=True),
        sa.Column("robots_error", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("hostname", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_runs_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_runs_site_id"), ["site_id"], unique=False)

    op.create_table(
        "links",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.Text(), nullable=True),
        sa.Column("nofollow", sa.Boolean(), nullable=False),
        sa.Column("section", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_links_run_id_runs"), ondelete="CASCADE"
        ),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index("ix_links_run_id_source_id", ["run_id", "source_id"], unique=False)
        batch_op.create_index("ix_links_run_id_target_id", ["run_id", "target_id"], unique=False)

    op.create_table(
        "responses",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("url_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("redirect_target_id", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=255), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("h1", sa.Text(), nullable=True),
        sa.Column("meta_robots", sa.Text(), nullable=True),
        sa.Column("x_robots_tag", sa.Text(), nullable=True),
        sa.Column("canonical", sa.Text(), nullable=True),
        sa.Column("www_authenticate", sa.Text(), nullable=True),
        sa.Column("auth_scheme", sa.String(length=40), nullable=True),
        sa.Column("auth_realm", sa.Text(), nullable=True),
        sa.Column("retry_after", sa.String(length=100), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("throttled", sa.Integer(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=True),
        sa.Column("simhash", sa.BigInteger(), nullable=True),
        sa.Column("flags", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_responses_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "url_id", name=op.f("pk_responses")),
    )
    op.create_table(
        "sitemap_urls",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("sitemap_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("url_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("lastmod", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_sitemap_urls_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "sitemap_id", "url_id", name=op.f("pk_sitemap_urls")),
    )
    with op.batch_alter_table("sitemap_urls", schema=None) as batch_op:
        batch_op.create_index("ix_sitemap_urls_run_id_url_id", ["run_id", "url_id"], unique=False)

    op.create_table(
        "sitemaps",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("found_via", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("url_count", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_sitemaps_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "id", name=op.f("pk_sitemaps")),
    )
    op.create_table(
        "urls",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_key", sa.BigInteger(), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("found_via", sa.String(length=20), nullable=False),
        sa.Column("found_on_id", sa.Integer(), nullable=True),
        sa.Column("depth", sa.Integer(), nullable=True),
        sa.Column("robots_disallowed", sa.Boolean(), nullable=False),
        sa.Column("skip_reason", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_urls_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "id", name=op.f("pk_urls")),
    )
    with op.batch_alter_table("urls", schema=None) as batch_op:
        batch_op.create_index("ix_urls_run_id_url_key", ["run_id", "url_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("urls", schema=None) as batch_op:
        batch_op.drop_index("ix_urls_run_id_url_key")

    op.drop_table("urls")
    op.drop_table("sitemaps")
    with op.batch_alter_table("sitemap_urls", schema=None) as batch_op:
        batch_op.drop_index("ix_sitemap_urls_run_id_url_id")

    op.drop_table("sitemap_urls")
    op.drop_table("responses")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("ix_links_run_id_target_id")
        batch_op.drop_index("ix_links_run_id_source_id")

    op.drop_table("links")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_runs_site_id"))

    op.drop_table("runs")
    op.drop_table("sites")
