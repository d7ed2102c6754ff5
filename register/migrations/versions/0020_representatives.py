"""representatives: who signs for an organisation (its board, or someone with a mandate),
the one source a new agreement's signatories are filled from

Revision ID: 0020_representatives
Revises: 0019_review_digest
Create Date: 2026-12-02 22:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020_representatives"
down_revision = "0019_review_digest"
branch_labels = None
depends_on = None

COLUMNS = ("representative_name", "representative_function", "representative_mandate")


def upgrade():
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(
            sa.Column("representative_name", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column(
                "representative_function", sa.String(200), nullable=False, server_default=""
            )
        )
        batch.add_column(
            sa.Column("representative_mandate", sa.Text(), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("organisation") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
