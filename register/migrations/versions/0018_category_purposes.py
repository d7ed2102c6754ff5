"""the purposes each data category of an activity serves (none: all of its purposes)

Revision ID: 0018_category_purposes
Revises: 0017_form_tokens
Create Date: 2026-12-02 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018_category_purposes"
down_revision = "0017_form_tokens"
branch_labels = None
depends_on = None

TABLE = "activity_data_category_purpose"


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("data_category_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["data_category_id"],
            ["activity_data_category.id"],
            name=op.f(f"fk_{TABLE}_data_category_id_activity_data_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name=op.f(f"fk_{TABLE}_term_id_term")),
        sa.PrimaryKeyConstraint("data_category_id", "term_id", name=op.f(f"pk_{TABLE}")),
    )
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{TABLE}_term_id"), ["term_id"], unique=False)


def downgrade():
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.drop_index(batch_op.f(f"ix_{TABLE}_term_id"))
    op.drop_table(TABLE)
