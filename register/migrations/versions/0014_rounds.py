"""rounds: bulk rounds of agreements and their items (one open item per licence/agreement)

Revision ID: 0014_rounds
Revises: 0013_followup
Create Date: 2026-12-02 21:00:00

"""

import sqlalchemy as sa
from alembic import op

import register.db

revision = "0014_rounds"
down_revision = "0013_followup"
branch_labels = None
depends_on = None

OPEN = "state IN ('waiting', 'sending')"


def _enum(name, *values):
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
    )


def upgrade():
    op.create_table(
        "round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("roundkind", "uncovered", "outdated", "changed"), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("school", sa.String(length=100), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("tick", sa.Integer(), nullable=False),
        sa.Column("advanced_at", register.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", register.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", register.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_round_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_round_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round")),
    )
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_round_created_by_id"), ["created_by_id"], unique=False)

    op.create_table(
        "round_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("send_job_id", sa.Integer(), nullable=True),
        sa.Column(
            "state", _enum("itemstate", "waiting", "sending", "done", "failed"), nullable=False
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("updated_at", register.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreement.id"], name=op.f("fk_round_item_agreement_id_agreement")
        ),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licence.id"], name=op.f("fk_round_item_licence_id_licence")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_round_item_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["organisation.id"], name=op.f("fk_round_item_school_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["send_job_id"],
            ["job.id"],
            name=op.f("fk_round_item_send_job_id_job"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["agreement.id"], name=op.f("fk_round_item_target_id_agreement")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_item")),
        sa.UniqueConstraint("agreement_id", name=op.f("uq_round_item_agreement_id")),
    )
    with op.batch_alter_table("round_item", schema=None) as batch_op:
        batch_op.create_index("ix_round_item_round_state", ["round_id", "state"], unique=False)
        for column in ("licence", "target"):  # at most one open item per licence/agreement
            batch_op.create_index(
                f"uq_round_item_open_{column}",
                [f"{column}_id"],
                unique=True,
                sqlite_where=sa.text(OPEN),
                postgresql_where=sa.text(OPEN),
            )


def downgrade():
    op.drop_table("round_item")
    op.drop_table("round")
