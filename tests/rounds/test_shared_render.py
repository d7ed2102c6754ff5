"""A round lays out what its agreements share once; each agreement is still its own."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa
from pypdf import PdfReader

from register.agreements.documents.reading import current_snapshot, document_with_content
from register.agreements.documents.storage import DocumentKind
from register.agreements.models import Agreement
from register.calendar import today
from register.extensions import db
from register.organisations.models import Organisation
from register.pdf import shared_cache
from register.rounds.models import ItemState, RoundItem, RoundKind
from register.rounds.queries import Selection
from register.rounds.services import start_round


def test_a_round_renders_the_shared_pages_once_and_stamps_each_agreement(
    app, reg, people, more_schools, run_jobs
):
    more_schools(2)
    shared_cache.clear()
    with app.app_context():
        selection = Selection(kind=RoundKind.UNCOVERED, product_id=reg.product_id)
        round_ = start_round(db.session, selection, user_id=None, on=today())
        db.session.commit()
        round_id = round_.id
    run_jobs(app, wait=60)

    # Four agreements and their four leaflets: one layout of the shared pages.
    assert shared_cache.stats.renders == 1
    assert shared_cache.stats.hits == 3
    with app.app_context():
        items = list(db.session.scalars(sa.select(RoundItem).where(RoundItem.round_id == round_id)))
        assert [item.state for item in items] == [ItemState.DONE] * 4
        agreements = [db.session.get(Agreement, item.agreement_id) for item in items]
        numbers = {a.number for a in agreements}
        for agreement in agreements:
            school = db.session.get(Organisation, agreement.school_id)
            document = document_with_content(db.session, agreement, DocumentKind.ORIGINAL)
            assert document is not None
            reader = PdfReader(io.BytesIO(document.content))
            pages = [" ".join(page.extract_text().split()) for page in reader.pages]
            others = numbers - {agreement.number}
            for number, text in enumerate(pages, start=1):
                assert agreement.number in text
                assert f"pagina {number} van {len(pages)}" in text
                assert not any(other in text for other in others)
            assert school.name in pages[0]
            snapshot = current_snapshot(db.session, agreement)
            assert snapshot is not None
            [attached] = reader.attachments.values()
            assert json.loads(attached[0]) == snapshot.data
