"""review digest: the activity owner's e-mail address, where due review dates are sent

Revision ID: 0019_review_digest
Revises: 0013_followup
Create Date: 2026-12-02 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019_review_digest"
down_revision = "0013_followup"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("activity") as batch:
        batch.add_column(
            sa.Column("owner_email", sa.String(length=254), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("activity") as batch:
        batch.drop_column("owner_email")
