"""backlinks: imports of backlink exports and their rows

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backlink_imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=True),
        sa.Column("skipped", sa.JSON(), nullable=True),
        sa.Column("encoding", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_backlink_imports_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backlink_imports")),
    )
    op.create_index(
        op.f("ix_backlink_imports_site_id"), "backlink_imports", ["site_id"], unique=False
    )
    op.create_table(
        "backlinks",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("target_url", sa.Text(), nullable=False),
        sa.Column("target_key", sa.BigInteger(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("referring_domain", sa.String(length=255), nullable=True),
        sa.Column("domain_rating", sa.Float(), nullable=True),
        sa.Column("links", sa.Integer(), nullable=False),
        sa.Column("referring_domains", sa.Integer(), nullable=True),
        sa.Column("anchor", sa.Text(), nullable=True),
        sa.Column("nofollow", sa.Boolean(), nullable=True),
        sa.Column("followed", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["backlink_imports.id"],
            name=op.f("fk_backlinks_import_id_backlink_imports"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_backlinks_import_id_target_key", "backlinks", ["import_id", "target_key"])


def downgrade() -> None:
    op.drop_table("backlinks")
    op.drop_table("backlink_imports")
