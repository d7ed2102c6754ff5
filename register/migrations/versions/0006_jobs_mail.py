"""mail: one recorded message per recipient with its content; the user's language

Revision ID: 0006_jobs_mail
Revises: 0005_product_leaflet_fields
Create Date: 2026-12-02 14:40:00

"""

import sqlalchemy as sa
from alembic import op

import register.db

revision = "0006_jobs_mail"
down_revision = "0005_product_leaflet_fields"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("template", sa.String(length=80), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("about_kind", sa.String(length=40), nullable=False),
        sa.Column("about_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "sent",
                "failed",
                name="messagestate",
                native_enum=False,
                create_constraint=True,
                length=6,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", register.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", register.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_at", register.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", register.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", register.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_message_user_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
        sa.UniqueConstraint("key", "recipient", name=op.f("uq_message_key_recipient")),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index("ix_message_about", ["about_kind", "about_id"], unique=False)
        batch_op.create_index("ix_message_state", ["state", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_message_user_id"), ["user_id"], unique=False)

    op.create_table(
        "message_content",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["message.id"],
            name=op.f("fk_message_content_message_id_message"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_message_content")),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), server_default="nl", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("language")
    op.drop_table("message_content")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_user_id"))
        batch_op.drop_index("ix_message_state")
        batch_op.drop_index("ix_message_about")
    op.drop_table("message")
