"""register items: the decision not to appoint an FG, a recipient's processor agreement

Revision ID: 0015_register_items
Revises: 0014_rounds
Create Date: 2026-12-02 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_register_items"
down_revision = "0014_rounds"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(
            sa.Column("dpo_not_appointed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("dpo_not_appointed_reason", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("processor_agreement", sa.String(500), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("processor_agreement")
        batch.drop_column("dpo_not_appointed_reason")
        batch.drop_column("dpo_not_appointed")
