"""Licences and the own organisation feed completeness: committing a change recounts activities
(`register.derived`, declared on the models), whichever way the change was written."""

import datetime as dt

from register.activities.models import Activity, Role
from register.activities.services import refresh_missing_counts
from register.extensions import db
from register.organisations.models import OrganisationKind
from register.organisations.services import OrganisationCommand, create_organisation
from register.products.services import LicenceCommand, create_licence, end_licence


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
            LicenceCommand(
                organisation_id=school.id, product_id=product.id, start_date=dt.date(2024, 8, 1)
            ),
        )
        db.session.commit()
        assert _count(activity.id) == before - 1
        end_licence(db.session, licence, dt.date(2024, 8, 31), licence.version)
        db.session.commit()
        assert _count(activity.id) == before


def test_own_organisation_contact_details_count_for_controller_activities(app, make_activity):
    activity = make_activity(role=Role.CONTROLLER)
    with app.app_context():
        refresh_missing_counts(db.session)
        before = _count(activity.id)
        create_organisation(
            db.session,
            OrganisationCommand(
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
        db.session.commit()
        assert _count(activity.id) == before - 1


def test_a_licence_written_without_the_service_recounts_too(
    app, make_product, make_organisation, make_activity, make_licence
):
    product = make_product()
    activity = make_activity(role=Role.PROCESSOR, product_id=product.id)
    with app.app_context():
        refresh_missing_counts(db.session)
        db.session.commit()
        before = _count(activity.id)
    make_licence(make_organisation(OrganisationKind.SCHOOL), product)
    with app.app_context():
        assert _count(activity.id) == before - 1


def test_a_rolled_back_licence_recounts_nothing(
    app, make_product, make_organisation, make_activity
):
    product = make_product()
    school = make_organisation(OrganisationKind.SCHOOL)
    activity = make_activity(role=Role.PROCESSOR, product_id=product.id)
    with app.app_context():
        refresh_missing_counts(db.session)
        db.session.commit()
        before = _count(activity.id)
        create_licence(
            db.session,
            LicenceCommand(
                organisation_id=school.id, product_id=product.id, start_date=dt.date(2024, 8, 1)
            ),
        )
        db.session.rollback()
        db.session.commit()
        assert _count(activity.id) == before
