"""follow-up: the `withdrawn` state, when and why an agreement was withdrawn

Revision ID: 0013_followup
Revises: 0008_second_factor
Create Date: 2026-12-02 16:00:00

"""

import sqlalchemy as sa
from alembic import op

from register.db import UTCDateTime

revision = "0013_followup"
down_revision = "0011_passkeys_sso"
branch_labels = None
depends_on = None

OLD = ("draft", "in_review", "awaiting_signature", "signed", "cancelled", "terminated", "superseded")
NEW = (*OLD, "withdrawn")
# (table, column, CHECK constraint name as the models' enum_column names it)
CHECKS = (
    ("agreement", "state", "ck_agreement_agreementstate"),
    ("agreement_event", "from_state", "ck_agreement_event_from_state"),
    ("agreement_event", "to_state", "ck_agreement_event_to_state"),
)


def _replace_checks(states):
    allowed = ", ".join(f"'{state}'" for state in states)
    for table, column, name in CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(name), type_="check")
            batch.create_check_constraint(op.f(name), f"{column} IN ({allowed})")


def upgrade():
    with op.batch_alter_table("agreement") as batch:
        batch.add_column(sa.Column("withdrawn_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("withdrawal_reason", sa.Text(), nullable=False, server_default="")
        )
    _replace_checks(NEW)


def downgrade():
    _replace_checks(OLD)
    with op.batch_alter_table("agreement") as batch:
        batch.drop_column("withdrawal_reason")
        batch.drop_column("withdrawn_at")
