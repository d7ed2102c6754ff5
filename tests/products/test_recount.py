"""Licences and the own organisation feed completeness: changing them recounts activities."""

import datetime as dt

from register.activities.models import Activity, Role
from register.activities.services import refresh_missing_counts
from register.extensions import db
from register.organisations.models import OrganisationKind
from register.organisations.services import OrganisationData, create_organisation
from register.products.services import LicenceData, create_licence, end_licence


def _count(activity_id):
    db.session.expire_all()
    return db.session.get(Activity, activity_id).missing_count


def test_a_licence_gives_a_processor_activity_its_controllers(
    app, make_product, make_organisation, make_activity
):
    product = make_product()
    school = make_organisation(OrganisationKind.SCHOOL)
    activity = make_activity(role=Role.PROCESSOR, product_id=product.id)
    with app.app_context():
        refresh_missing_counts(db.session)
        before = _count(activity.id)
        licence = create_licence(
            db.session,
            LicenceData(
                organisation_id=school.id, product_id=product.id, start_date=dt.date(2024, 8, 1)
            ),
        )
        assert _count(activity.id) == before - 1
        end_licence(db.session, licence, dt.date(2024, 8, 31), licence.version)
        assert _count(activity.id) == before


def test_own_organisation_contact_details_count_for_controller_activities(app, make_activity):
    activity = make_activity(role=Role.CONTROLLER)
    with app.app_context():
        refresh_missing_counts(db.session)
        before = _count(activity.id)
        create_organisation(
            db.session,
            OrganisationData(
                kind=OrganisationKind.OWN,
                name="KPC Groep",
                address="Guldenberg 12",
                postcode="5628 KR",
                city="Helvoirt",
                phone="+31 85-2101580",
                email="privacy@kpcgroep.nl",
                privacy_contact_name="Privacy officer",
                privacy_contact_email="privacy@kpcgroep.nl",
            ),
        )
        assert _count(activity.id) == before - 1
