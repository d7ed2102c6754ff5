"""second factor: TOTP factors, recovery codes, the sign-in method of a signature

Revision ID: 0008_second_factor
Revises: 0006_jobs_mail
Create Date: 2026-12-02 15:00:00

"""

import sqlalchemy as sa
from alembic import op

from register.db import UTCDateTime

revision = "0008_second_factor"
down_revision = "0007_requests_breaches"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "totp_factor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_encrypted", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_step", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_totp_factor_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_totp_factor")),
        sa.UniqueConstraint("user_id", name=op.f("uq_totp_factor_user_id")),
    )
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_recovery_code_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_code_code_hash")),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_code_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("agreement_signature", schema=None) as batch_op:
        # Signatures made before this revision were made with a password alone.
        batch_op.add_column(
            sa.Column("method", sa.String(length=40), server_default="password", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("agreement_signature", schema=None) as batch_op:
        batch_op.drop_column("method")
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_code_user_id"))
    op.drop_table("recovery_code")
    op.drop_table("totp_factor")
