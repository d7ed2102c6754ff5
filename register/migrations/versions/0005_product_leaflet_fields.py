"""product: who sees what and certifications, for the Privacybijsluiter

Revision ID: 0005_product_leaflet_fields
Revises: 0004_stored_leaflets
Create Date: 2026-11-25 19:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005_product_leaflet_fields"
down_revision = "0004_stored_leaflets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("access", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("certifications", sa.Text(), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("certifications")
        batch_op.drop_column("access")
