"""Long subjects arrive exactly as written: folded for SMTP, unfolded to the same text."""

from __future__ import annotations

import email
import email.policy

import pytest

from register.extensions import db
from register.mail.headers import MAIL_POLICY, fold_free_text
from register.mail.services import send_mail
from tests.mail.test_send_mail import CONTEXT

SCHOOLS = [
    "Stichting Voorbeeldscholen",  # the whole subject fits on a line of its own
    "Stichting Openbaar Primair Onderwijs Zuidwest-Fryslân en Omstreken",
    "Çollège Ünïversitair Øresund — Scholengemeenschap voor Tweetalig Onderwijs Düsseldorf",
    "Basisschool 't Zonnetje in één keer goed",  # a plain word before a non-ASCII one at a fold
]


@pytest.mark.parametrize("school", SCHOOLS)
def test_a_long_subject_with_a_school_name_arrives_unchanged(
    make_app, smtp_server, run_jobs, school
):
    app = make_app(MAIL_URL=smtp_server.url)
    context = {**CONTEXT, "school": school, "days": 28, "needed": "signature"}
    with app.app_context():
        [message] = send_mail(
            template="agreement_escalation", to=["p@kpc.example"], context=context
        )
        db.session.commit()
        intended = message.subject
    assert intended == f"{school} laat verwerkersovereenkomst VO-2026-0001 liggen"
    run_jobs(app)
    [received] = smtp_server.wait_for(1)
    assert str(received["Subject"]) == intended


@pytest.mark.parametrize(
    "subject",
    [
        "Kort",
        "één " * 30,
        "Herinnering: 🎉 verwerkersovereenkomst VO-2026-0001 wacht op u — Schoolvereniging Ëlst",
    ],
)
def test_folded_subject_lines_stay_short_and_unfold_to_the_text(subject):
    folded = fold_free_text("Subject", subject, "\r\n")
    lines = folded.removesuffix("\r\n").split("\r\n")
    assert all(len(line) <= 78 for line in lines)
    assert folded.isascii()
    parsed = email.message_from_bytes(folded.encode() + b"\r\n", policy=email.policy.default)
    assert str(parsed["Subject"]) == " ".join(subject.split())
    assert MAIL_POLICY.fold("Subject", subject) == folded
