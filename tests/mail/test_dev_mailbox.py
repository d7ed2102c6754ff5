"""Development mail: the sink keeps every message in a folder; a page lists them."""

from __future__ import annotations

from register.auth.models import UserRole
from register.extensions import db
from register.mail.services import send_mail
from register.mail.sink import CollectingHandler, start_sink
from tests.conftest import AuthActions
from tests.mail.test_send_mail import CONTEXT


def _catch(tmp_path, make_app, run_jobs, **overrides):
    folder = tmp_path / "mail"
    controller = start_sink(CollectingHandler(folder=folder, keep=False))
    try:
        app = make_app(
            MAIL_URL=f"smtp://127.0.0.1:{controller.port}", MAIL_SINK_DIR=str(folder), **overrides
        )
        with app.app_context():
            send_mail(
                template="agreement_awaiting_review", to=["bestuur@linde.example"], context=CONTEXT
            )
            db.session.commit()
        run_jobs(app)
    finally:
        controller.stop()
    return app, folder


def test_sink_writes_messages_and_the_page_lists_them(tmp_path, make_app, run_jobs, make_user):
    app, folder = _catch(tmp_path, make_app, run_jobs)
    [file] = folder.glob("*.eml")
    staff = make_user(UserRole.PRIVACY)
    client = app.test_client()
    AuthActions(client).login_as(staff)

    listing = client.get("/ontwikkeling/mail/")
    assert listing.status_code == 200
    page = listing.get_data(as_text=True)
    assert "bestuur@linde.example" in page
    assert "Verwerkersovereenkomst VO-2026-0001 wacht op uw beoordeling" in page

    shown = client.get(f"/ontwikkeling/mail/{file.name}").get_data(as_text=True)
    assert "Stichting De Linde" in shown
    html = client.get(f"/ontwikkeling/mail/{file.name}/html")
    assert html.status_code == 200
    assert "sandbox" in html.headers["Content-Security-Policy"]
    assert 'lang="nl"' in html.get_data(as_text=True)
    assert client.get("/ontwikkeling/mail/..%2Fsecret_key").status_code == 404


def test_mailbox_does_not_exist_in_production(tmp_path, make_app, run_jobs, make_user):
    app, folder = _catch(tmp_path, make_app, run_jobs)
    [file] = folder.glob("*.eml")
    staff = make_user(UserRole.ADMIN)
    app.config["REGISTER_ENV"] = "production"
    client = app.test_client()
    AuthActions(client).login_as(staff)
    assert client.get("/ontwikkeling/mail/").status_code == 404
    assert client.get(f"/ontwikkeling/mail/{file.name}").status_code == 404
