"""A scalar field declared in the catalogue is on the form, in the command, on the record page
and in the PDF register without a line of its own anywhere else (checked on the demo)."""

from __future__ import annotations

import dataclasses
import io
import re

import sqlalchemy as sa
from pypdf import PdfReader

from register.activities.catalogue import Section, scalar_fields, section_fields
from register.activities.commands import ActivityCommand
from register.activities.models import Activity
from register.auth.models import UserRole
from register.demo.services import load_demo
from register.exchange.exporting.services import ExportCommand, export_register
from register.extensions import db


def test_every_scalar_field_is_a_command_attribute_with_the_catalogue_default():
    defaults = {f.name: f.default for f in dataclasses.fields(ActivityCommand)}
    for name, entry in scalar_fields():
        assert defaults[name] == entry.command_value(entry.default), name


def test_every_scalar_field_is_on_the_form_page(client, auth, make_user):
    auth.login_as(make_user(UserRole.PRIVACY))
    html = client.get("/verwerkingen/nieuw").get_data(as_text=True)
    for name, entry in scalar_fields():
        assert f'name="{name}"' in html, name
        assert str(entry.input_label) in html, name
        if entry.help:
            assert str(entry.help) in html, name


def test_every_management_field_is_on_the_record_page_and_in_the_pdf(app, client, auth, make_user):
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
        activity = db.session.scalars(sa.select(Activity).order_by(Activity.id)).first()
        exported = export_register(db.session, ExportCommand("pdf"))
    pdf = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(exported.data)).pages)
    )
    auth.login_as(make_user(UserRole.PRIVACY))
    page = client.get(f"/verwerkingen/{activity.id}").get_data(as_text=True)
    fields = section_fields(Section.MANAGEMENT)
    assert len(fields) >= 10
    for entry in fields:
        assert f"<dt>{entry.label}</dt>" in page, entry.path
        assert str(entry.label) in pdf, entry.path
    assert activity.data_source in page and activity.data_source in pdf
    assert activity.review_date.strftime("%Y") in page
