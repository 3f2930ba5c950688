"""detections: signals and verdicts per response, probes, shape honesty per run

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("signals", sa.Text(), nullable=True))
        batch.add_column(sa.Column("verdicts", sa.Text(), nullable=True))
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("honesty", sa.JSON(), nullable=True))
    op.create_table(
        "probes",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("shape", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("final_status", sa.Integer(), nullable=True),
        sa.Column("simhash", sa.BigInteger(), nullable=True),
        sa.Column("looks_like", sa.String(length=20), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_probes_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "id", name=op.f("pk_probes")),
    )


def downgrade() -> None:
    op.drop_table("probes")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("honesty")
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("verdicts")
        batch.drop_column("signals")
