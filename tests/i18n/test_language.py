"""The language switch in the footer: English on request, Dutch by default, local redirects."""

import re

import pytest
from flask import render_template_string
from flask_babel import force_locale
from wtforms import StringField
from wtforms.validators import DataRequired

from register.auth.models import UserRole
from register.forms import Form


def _switch(client, lang, next_="/aanmelden", **extra):
    return client.post("/taal", data={"lang": lang, "next": next_, **extra})


def test_footer_offers_both_languages_with_the_current_path(client):
    body = client.get("/aanmelden?x=1").get_data(as_text=True)
    # The path only, without the query string.
    assert 'action="/taal"' in body
    assert 'name="lang" value="nl"' in body
    assert 'name="lang" value="en"' in body
    assert 'name="next" value="/aanmelden"' in body


def test_sign_in_page_in_english_and_back_to_dutch(client):
    dutch = client.get("/aanmelden").get_data(as_text=True)
    assert "<h1>Aanmelden</h1>" in dutch
    assert '<html lang="nl">' in dutch

    response = _switch(client, "en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/aanmelden"
    english = client.get("/aanmelden").get_data(as_text=True)
    assert "<h1>Sign in</h1>" in english
    assert "E-mail address" in english
    assert '<html lang="en">' in english
    assert "Aanmelden" not in english
    assert "Wachtwoord" not in english

    _switch(client, "nl")
    again = client.get("/aanmelden").get_data(as_text=True)
    assert "<h1>Aanmelden</h1>" in again
    assert "Sign in" not in again


def test_activities_overview_in_english(client, auth, make_user):
    officer = make_user(UserRole.PRIVACY)
    # Signing in starts a fresh session, so the language is chosen afterwards.
    auth.login_as(officer)
    dutch = client.get("/verwerkingen/").get_data(as_text=True)
    assert "Register van verwerkingen" in dutch

    response = _switch(client, "en", next_="/verwerkingen/")
    assert response.headers["Location"] == "/verwerkingen/"
    page = client.get("/verwerkingen/")
    english = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Register of processing activities" in english
    assert "Processing activities" in english
    assert "New processing activity" in english
    assert "Sign out" in english
    for dutch_text in ("Register van verwerkingen", "Nieuwe verwerking", "Afmelden", "Zoeken"):
        assert dutch_text not in english

    _switch(client, "nl", next_="/verwerkingen/")
    back = client.get("/verwerkingen/").get_data(as_text=True)
    assert "Register van verwerkingen" in back
    assert "Register of processing activities" not in back


@pytest.mark.parametrize("value", ["de", "", "EN", "en-GB", "nl;en", "x" * 500])
def test_an_unknown_language_is_refused_with_a_dutch_message(client, value):
    response = _switch(client, value)
    assert response.status_code == 400
    assert "Onbekende taal" in response.get_data(as_text=True)
    assert "<h1>Aanmelden</h1>" in client.get("/aanmelden").get_data(as_text=True)


def test_a_missing_language_is_refused(client):
    response = client.post("/taal", data={"next": "/aanmelden"})
    assert response.status_code == 400


def test_only_post(client):
    assert client.get("/taal").status_code == 405


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "http://evil.example/aanmelden",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        " //evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_next_never_leaves_the_site(client, target):
    response = _switch(client, "en", next_=target)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/"
    assert "evil" not in location


def test_a_local_next_with_a_query_is_kept(client):
    response = _switch(client, "en", next_="/verwerkingen/?status=alle&q=a")
    assert response.headers["Location"] == "/verwerkingen/?status=alle&q=a"


def test_switching_needs_a_csrf_token(app, make_app):
    # `app` first: the factories use it, and this app must have CSRF on.
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    page = client.get("/aanmelden").get_data(as_text=True)

    refused = client.post("/taal", data={"lang": "en", "next": "/aanmelden"})
    assert refused.status_code == 400
    assert "Het formulier is verlopen" in refused.get_data(as_text=True)
    assert "<h1>Aanmelden</h1>" in client.get("/aanmelden").get_data(as_text=True)

    # The footer form carries the token; with it the switch works.
    footer = page[page.index('action="/taal"') :]
    token = re.search(r'name="csrf_token" value="([^"]+)"', footer).group(1)
    accepted = client.post("/taal", data={"lang": "en", "next": "/aanmelden", "csrf_token": token})
    assert accepted.status_code == 302
    assert "<h1>Sign in</h1>" in client.get("/aanmelden").get_data(as_text=True)


def test_templates_follow_a_forced_locale_within_one_request(app):
    """The templates keep the request's translations on `g`, per locale: a message rendered
    in the recipient's language (`force_locale`) and the page around it each get their own."""
    page = "{{ _('Niet gevonden') }}"
    with app.test_request_context("/"):
        before = render_template_string(page)
        with force_locale("en"):
            forced = render_template_string(page)
        after = render_template_string(page)
    assert (before, forced, after) == ("Niet gevonden", "Not found", "Niet gevonden")


def test_wtforms_messages_follow_the_locale(app):
    """WTForms' own messages come from its catalogue in the request's language."""

    class Required(Form):
        class Meta:
            csrf = False

        name = StringField(validators=[DataRequired()])

    with app.test_request_context("/", method="POST", data={"name": ""}):
        dutch = Required()
        dutch.validate()
        with force_locale("en"):
            english = Required()
            english.validate()
    assert dutch.name.errors == ["Dit veld is vereist."]
    assert english.name.errors == ["This field is required."]
