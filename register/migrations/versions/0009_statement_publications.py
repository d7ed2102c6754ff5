"""statement publications and the cookie register

Revision ID: 0009_statement_publications
Revises: 0008_second_factor
Create Date: 2026-12-02 16:00:00

"""

import sqlalchemy as sa
from alembic import op

from register.db import UTCDateTime

revision = "0009_statement_publications"
down_revision = "0008_second_factor"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statement_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user.id"],
            name=op.f("fk_statement_publication_published_by_id_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_publication")),
        sa.UniqueConstraint("number", name=op.f("uq_statement_publication_number")),
    )
    op.create_table(
        "cookie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "functional",
                "technical",
                "analytical",
                "marketing",
                name="cookiekind",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("retention", sa.String(length=200), nullable=False),
        sa.Column("legal_basis_id", sa.Integer(), nullable=True),
        sa.Column("ground", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_cookie_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["legal_basis_id"], ["term.id"], name=op.f("fk_cookie_legal_basis_id_term")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cookie")),
        sa.UniqueConstraint("name", "provider", name=op.f("uq_cookie_name_provider")),
    )


def downgrade():
    op.drop_table("cookie")
    op.drop_table("statement_publication")
