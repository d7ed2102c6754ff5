"""drift_generation: one row counting the commits that changed the register data the drift
reads, so a process may keep current product fragments until it moves on

Revision ID: 0021_drift_generation
Revises: 0020_representatives
Create Date: 2026-12-03 08:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0021_drift_generation"
down_revision = "0020_representatives"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "drift_generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drift_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0, "token": secrets.token_hex(16)}])


def downgrade():
    op.drop_table("drift_generation")
