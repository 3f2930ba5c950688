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
    op.add_column("runs", sa.Column("worker", sa.String(255), nullable=True))


def downgrade() -> None:
    # Not a batch (which rebuilds runs on SQLite, and its cascades would empty the run's
    # tables): SQLite 3.35+ drops a column in place.
    op.drop_column("runs", "worker")
