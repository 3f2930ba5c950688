"""runs.worker: which `gatewatch worker` crawled a run (NULL for the in-process scheduler)

Revision ID: 0008_workers
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_workers"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("worker", sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("worker")
