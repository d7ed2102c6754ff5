"""stored leaflets: agreement documents of kind leaflet, one per product

Revision ID: 0004_stored_leaflets
Revises: 0003_audit_indexes
Create Date: 2026-11-25 18:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004_stored_leaflets"
down_revision = "0003_audit_indexes"
branch_labels = None
depends_on = None

OLD_KINDS = ("original", "signed", "scan")
NEW_KINDS = (*OLD_KINDS, "leaflet")


def _kind_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def upgrade():
    with op.batch_alter_table("agreement_document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("product_code", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.drop_constraint(op.f("uq_agreement_document_agreement_id_kind_sequence"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_agreement_document_agreement_id_kind_sequence_product_code"),
            ["agreement_id", "kind", "sequence", "product_code"],
        )
        batch_op.drop_constraint(op.f("ck_agreement_document_documentkind"), type_="check")
        batch_op.create_check_constraint("documentkind", _kind_check(NEW_KINDS))


def downgrade():
    op.execute("DELETE FROM agreement_document WHERE kind = 'leaflet'")
    with op.batch_alter_table("agreement_document", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agreement_document_documentkind"), type_="check")
        batch_op.create_check_constraint("documentkind", _kind_check(OLD_KINDS))
        batch_op.drop_constraint(
            op.f("uq_agreement_document_agreement_id_kind_sequence_product_code"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_agreement_document_agreement_id_kind_sequence"),
            ["agreement_id", "kind", "sequence"],
        )
        batch_op.drop_column("product_code")
