"""passkeys and single sign-on: WebAuthn credentials, their open challenges, SSO links

The signature's method grows to hold the identity provider's assurance level (`sso:<acr>`).

Revision ID: 0011_passkeys_sso
Revises: 0008_second_factor
Create Date: 2026-12-02 16:00:00

"""

import sqlalchemy as sa
from alembic import op

from register.db import UTCDateTime

revision = "0011_passkeys_sso"
down_revision = "0009_statement_publications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "passkey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("credential_id", sa.String(length=700), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.BigInteger(), nullable=False),
        sa.Column("transports", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_passkey_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passkey")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_passkey_credential_id")),
    )
    with op.batch_alter_table("passkey", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passkey_user_id"), ["user_id"], unique=False)
    op.create_table(
        "webauthn_challenge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "register",
                "authenticate",
                name="challengepurpose",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("challenge", sa.String(length=100), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_webauthn_challenge_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webauthn_challenge")),
        sa.UniqueConstraint(
            "user_id", "purpose", name=op.f("uq_webauthn_challenge_user_id_purpose")
        ),
    )
    op.create_table(
        "sso_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_sso_link_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_link")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_sso_link_issuer_subject")),
    )
    with op.batch_alter_table("sso_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sso_link_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("agreement_signature", schema=None) as batch_op:
        batch_op.alter_column(
            "method",
            existing_type=sa.String(length=40),
            type_=sa.String(length=200),
            existing_nullable=False,
            existing_server_default="password",
        )


def downgrade():
    with op.batch_alter_table("agreement_signature", schema=None) as batch_op:
        batch_op.alter_column(
            "method",
            existing_type=sa.String(length=200),
            type_=sa.String(length=40),
            existing_nullable=False,
            existing_server_default="password",
        )
    with op.batch_alter_table("sso_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sso_link_user_id"))
    op.drop_table("sso_link")
    op.drop_table("webauthn_challenge")
    with op.batch_alter_table("passkey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passkey_user_id"))
    op.drop_table("passkey")
