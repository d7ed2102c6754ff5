"""review digest and stored statement PDFs: the activity owner's e-mail address (due review
dates are sent there); the PDF of each statement publication, rendered by the job worker

Revision ID: 0019_review_digest
Revises: 0018_category_purposes
Create Date: 2026-12-02 21:00:00

"""

import sqlalchemy as sa
from alembic import op

from register.db import UTCDateTime

revision = "0019_review_digest"
down_revision = "0018_category_purposes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("activity") as batch:
        batch.add_column(
            sa.Column("owner_email", sa.String(length=254), nullable=False, server_default="")
        )
    op.create_table(
        "statement_pdf",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("rendered_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["statement_publication.id"],
            name=op.f("fk_statement_pdf_publication_id_statement_publication"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("publication_id", name=op.f("pk_statement_pdf")),
    )


def downgrade():
    op.drop_table("statement_pdf")
    with op.batch_alter_table("activity") as batch:
        batch.drop_column("owner_email")
