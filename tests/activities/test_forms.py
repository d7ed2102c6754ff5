"""The activity form on its own: MultiDict input, Dutch errors, blank rows, the command."""

from __future__ import annotations

import datetime as dt

import pytest

from register.activities.choices import load_choices
from register.activities.forms import ActivityForm, RetireForm
from register.activities.models import DpiaStatus, Role


@pytest.fixture
def build(app, vocab):
    """Validate a MultiDict with the real choices; returns (form, ok)."""

    def factory(data):
        from register.extensions import db

        with app.test_request_context(method="POST", data=data):
            form = ActivityForm(load_choices(db.session))
            ok = form.validate()
            command = form.to_command() if ok else None
            return form, ok, command

    return factory


def test_complete_data_gives_the_command(build, form_data, vocab):
    form, ok, command = build(form_data())
    assert ok, form.errors
    assert command.role is Role.CONTROLLER
    assert command.review_date == dt.date(2030, 1, 1)
    assert command.dpia_status is DpiaStatus.NOT_NEEDED
    assert [p.purpose_id for p in command.purposes] == [vocab.purpose2.id]  # blank row ignored
    assert command.data_categories[0].is_required is True
    assert command.data_subject_ids == (vocab.teachers.id,)
    assert command.retention_rules[0].period == "Tot afmelding"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Geef de verwerking een naam."),
        ({"name": "x" * 201}, "name", "Maximaal 200 tekens."),
        ({"role": "processor"}, "product_id", "Kies het product"),
        ({"role": "baas"}, "role", "Kies een waarde uit de lijst."),
        ({"review_date": "31-12-2030"}, "review_date", "Ongeldige datum"),
        ({"review_date": "1850-01-01"}, "review_date", "tussen 2000 en 2100"),
        ({"dpia_link": "javascript:alert(1)"}, "dpia_link", "http://"),
        ({"dpia_link": "ftp://example.org/x"}, "dpia_link", "http://"),
        ({"dpia_required": "y"}, "dpia_status", "niet nodig"),
        ({"automated_decision_making": "y"}, "automated_decision_logic", "logica"),
        ({"data_subject_ids": ["abc"]}, "data_subject_ids", "Kies alleen waarden uit de lijst."),
        ({"data_subject_ids": ["999999"]}, "data_subject_ids", "Kies alleen waarden"),
        ({"owner": "a\x00b"}, "owner", "ongeldige"),
        ({"owner": "a\uffffb"}, "owner", "ongeldige"),  # XML cannot hold it: it broke the exports
        ({"product_id": "1e9"}, "product_id", "Kies een waarde uit de lijst."),
    ],
)
def test_invalid_fields_get_a_dutch_message_next_to_them(build, form_data, changes, field, message):
    form, ok, _ = build(form_data(**changes))
    assert not ok
    assert any(message in str(e) for e in form[field].errors), form.errors


@pytest.mark.parametrize(
    ("changes", "row", "field", "message"),
    [
        ({"purposes-1-legitimate_interest": "omdat"}, "purposes", "purpose_id", "Kies een doel."),
        ({"purposes-0-lia_link": "niet-een-link"}, "purposes", "lia_link", "http://"),
        ({"transfers-0-country": "India"}, "transfers", "safeguards", "doorgiftemechanisme"),
        ({"transfers-0-safeguards": "SCC"}, "transfers", "country", "land"),
        (
            {"subprocessors-0-service": "Hosting"},
            "subprocessors",
            "organisation_id",
            "subverwerker",
        ),
        ({"retention_rules-1-reason": "wet"}, "retention_rules", "period", "bewaartermijn"),
        ({"data_categories-1-data_subject_id": "1"}, "data_categories", "term_id", "categorie"),
        ({"purposes-0-purpose_id": "x"}, "purposes", "purpose_id", "Kies een waarde"),
        # Control characters in a row, as in any other field (PostgreSQL refuses NUL).
        (
            {"retention_rules-0-period": "Tot\x00afmelding"},
            "retention_rules",
            "period",
            "ongeldige",
        ),
        ({"retention_rules-0-reason": "wet\x07"}, "retention_rules", "reason", "ongeldige"),
        ({"retention_rules-0-reason": "wet\ufffe"}, "retention_rules", "reason", "ongeldige"),
        (
            {"purposes-0-legitimate_interest": "\x00"},
            "purposes",
            "legitimate_interest",
            "ongeldige",
        ),
    ],
)
def test_started_rows_must_be_complete(build, form_data, changes, row, field, message):
    form, ok, _ = build(form_data(**changes))
    assert not ok
    errors = [str(e) for entry in form[row] for e in entry[field].errors]
    assert any(message in e for e in errors), form.errors


def test_a_row_s_text_area_keeps_its_line_breaks(build, form_data):
    form, ok, command = build(form_data(**{"retention_rules-0-reason": "Eerst dit.\r\nDan dat."}))
    assert ok, form.errors
    assert command.retention_rules[0].reason == "Eerst dit.\r\nDan dat."


def test_values_are_kept_after_an_error(build, form_data):
    form, ok, _ = build(
        form_data(name="", owner="Iemand", **{"retention_rules-0-period": "5 jaar"})
    )
    assert not ok
    assert form.owner.data == "Iemand"
    assert form.retention_rules[0].period.data == "5 jaar"


def test_a_term_of_another_vocabulary_is_not_a_valid_choice(build, form_data, vocab):
    form, ok, _ = build(form_data(**{"purposes-0-purpose_id": str(vocab.email.id)}))
    assert not ok and form.purposes[0].purpose_id.errors


def test_missing_fields_are_just_empty(build, vocab, own_organisation):
    from werkzeug.datastructures import MultiDict

    form, ok, _ = build(
        MultiDict({"name": "Alleen een naam", "role": "controller", "dpia_status": "not_needed"})
    )
    assert ok, form.errors
    assert form.to_command().purposes == ()


def test_too_many_rows_are_capped(build, form_data):
    data = form_data()
    for i in range(200):
        data.add(f"transfers-{i}-country", "")
    form, ok, command = build(data)
    assert ok and len(form.transfers.entries) == 50 and command.transfers == ()


def test_one_blank_row_is_offered(app, vocab):
    from register.extensions import db

    with app.test_request_context():
        form = ActivityForm(load_choices(db.session))
        form.add_blank_rows()
        assert len(form.purposes.entries) == 1
        assert form.purposes[0].purpose_id.choices


def test_retire_form_needs_reason_and_confirmation(app):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context(method="POST", data=MultiDict({"reason": "Gestopt"})):
        form = RetireForm()
        assert not form.validate()
        assert form.confirm.errors == ["Bevestig de beëindiging."]


def test_blank_rows_do_not_pile_up_after_an_error(build, form_data):
    form, ok, _ = build(form_data(name=""))
    assert not ok
    posted = len(form.purposes.entries)  # one filled row and one blank row
    form.add_blank_rows()
    assert len(form.purposes.entries) == posted
    assert sum(1 for e in form.purposes if e.form.is_blank()) == 1
