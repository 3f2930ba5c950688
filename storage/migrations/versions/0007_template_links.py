"""template_links, page_templates and the all_links view: links a page template repeats on
every page are stored once per run

Revision ID: 0007
Revises: 0006

A later migration that alters links, template_links or page_templates must drop the view
first and create it again after.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# as written when this migration was: later changes to the view get their own migration
ALL_LINKS_VIEW = """CREATE VIEW all_links AS
SELECT run_id, source_id, target_id, anchor, nofollow, section FROM links
UNION ALL
SELECT t.run_id, p.source_id, t.target_id, t.anchor, t.nofollow, t.section
FROM template_links t
JOIN page_templates p ON p.run_id = t.run_id AND p.template_id = t.template_id"""


def _run(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["run_id"], ["runs.id"], name=op.f(f"fk_{table}_run_id_runs"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "template_links",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.Text(), nullable=True),
        sa.Column("nofollow", sa.Boolean(), nullable=False),
        sa.Column("section", sa.String(length=10), nullable=False),
        _run("template_links"),
    )
    op.create_index("ix_template_links_run_id_target_id", "template_links", ["run_id", "target_id"])
    op.create_table(
        "page_templates",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        _run("page_templates"),
    )
    op.create_index(
        "ix_page_templates_run_id_template_id", "page_templates", ["run_id", "template_id"]
    )
    op.execute(ALL_LINKS_VIEW)


def downgrade() -> None:
    op.execute(  # the template links become each page's links again, as before
        "INSERT INTO links (run_id, source_id, target_id, anchor, nofollow, section) "
        "SELECT t.run_id, p.source_id, t.target_id, t.anchor, t.nofollow, t.section "
        "FROM template_links t "
        "JOIN page_templates p ON p.run_id = t.run_id AND p.template_id = t.template_id"
    )
    op.execute("DROP VIEW all_links")
    op.drop_table("page_templates")
    op.drop_table("template_links")
