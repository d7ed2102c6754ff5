"""form repeats: a create form's fingerprint, so that the same user posting the same values
again shortly after (Back and resubmit, with a fresh token) finds the first result

Revision ID: 0022_form_repeats
Revises: 0021_drift_generation
Create Date: 2026-12-03 08:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0022_form_repeats"
down_revision = "0021_drift_generation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("form_token") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_form_token_fingerprint"), ["fingerprint"], unique=False)
        batch.create_index(batch.f("ix_form_token_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("form_token") as batch:
        batch.drop_index(batch.f("ix_form_token_created_at"))
        batch.drop_index(batch.f("ix_form_token_fingerprint"))
        batch.drop_column("fingerprint")
