"""form tokens: one result per create form (a second post of the same form finds the first)

Revision ID: 0017_form_tokens
Revises: 0016_agreement_terms
Create Date: 2026-12-02 21:00:00

"""

import sqlalchemy as sa
from alembic import op

from register.db import UTCDateTime

revision = "0017_form_tokens"
down_revision = "0016_agreement_terms"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "form_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("token", sa.String(length=43), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_form_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_token")),
        sa.UniqueConstraint("token", name=op.f("uq_form_token_token")),
    )
    with op.batch_alter_table("form_token") as batch:
        batch.create_index(batch.f("ix_form_token_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("form_token") as batch:
        batch.drop_index(batch.f("ix_form_token_user_id"))
    op.drop_table("form_token")
