"""A licence that underlies an agreement stays with its school."""

import pytest

from register.extensions import db
from register.products.licences import LicenceData, LicenceError, update_licence
from register.products.models import Licence


def _data(licence, organisation_id):
    return LicenceData(
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
        with pytest.raises(LicenceError, match="verwerkersovereenkomst"):
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
