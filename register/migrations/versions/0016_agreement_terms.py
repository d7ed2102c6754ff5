"""agreement terms: the deletion/return term per product (art. 28(3)(g) GDPR)

Revision ID: 0016_agreement_terms
Revises: 0015_register_items
Create Date: 2026-12-02 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_agreement_terms"
down_revision = "0015_register_items"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deletion_term", sa.String(length=100), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("deletion_term")
