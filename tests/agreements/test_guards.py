"""Guards: a licence under an agreement stays with its school; a number race is no 500."""

import pytest

from register.extensions import db
from register.products.errors import InvalidLicence
from register.products.models import Licence
from register.products.services import LicenceCommand, update_licence


def _data(licence, organisation_id):
    return LicenceCommand(
        organisation_id=organisation_id,
        product_id=licence.product_id,
        start_date=licence.start_date,
        end_date=licence.end_date,
        reference="gewijzigd",
    )


def test_a_licence_in_an_agreement_cannot_move_to_another_school(app, build, reg):
    build("signed")
    with app.app_context():
        licence = db.session.get(Licence, reg.licence_id)
        with pytest.raises(InvalidLicence, match="verwerkersovereenkomst"):
            update_licence(
                db.session, licence, _data(licence, reg.other_school_id), licence.version
            )
        db.session.rollback()
        licence = db.session.get(Licence, reg.licence_id)
        assert licence.organisation_id == reg.school_id
        # Other changes to the same licence stay possible.
        update_licence(db.session, licence, _data(licence, reg.school_id), licence.version)
        db.session.commit()
        assert db.session.get(Licence, reg.licence_id).reference == "gewijzigd"


def test_two_drafts_drawing_the_same_number_give_a_message_not_a_500(app, reg):
    import sqlalchemy as sa

    from register.agreements.errors import NumberTaken
    from register.agreements.models import Agreement
    from register.agreements.services import create_agreement

    with app.app_context():
        first = create_agreement(db.session, reg.command())
        db.session.commit()
        taken = first.number.rsplit("-", 1)[0] + "-" + f"{int(first.number[-4:]) + 1:04d}"

        done = []

        def someone_else_commits_first(session, flush_context, instances):
            # A second request commits a draft with the next number while this one runs.
            if done:
                return
            done.append(True)
            with db.engine.begin() as other:
                row = other.execute(sa.select(Agreement.__table__).limit(1)).mappings().one()
                values = {k: v for k, v in row.items() if k not in ("id", "number")}
                other.execute(sa.insert(Agreement.__table__).values(**values, number=taken))

        sa.event.listen(db.session.registry(), "before_flush", someone_else_commits_first)
        try:
            with pytest.raises(NumberTaken, match="probeer het opnieuw"):
                create_agreement(db.session, reg.command())
        finally:
            sa.event.remove(db.session.registry(), "before_flush", someone_else_commits_first)
        db.session.rollback()
        numbers = db.session.scalars(sa.select(Agreement.number).order_by(Agreement.number)).all()
        assert numbers == [first.number, taken]


def test_school_search_takes_wildcards_literally(app, make_organisation):
    from register.agreements.views.drafts import find_schools
    from register.organisations.models import OrganisationKind

    make_organisation(OrganisationKind.SCHOOL, name="Stichting 100% Onderwijs", brin="31AB")
    make_organisation(OrganisationKind.SCHOOL, name="Stichting Elders", brin="32AB")
    with app.app_context():
        assert [s.name for s in find_schools("100%")] == ["Stichting 100% Onderwijs"]
        assert find_schools("%") == find_schools("100%")
        assert [s.name for s in find_schools("32ab")] == ["Stichting Elders"]
