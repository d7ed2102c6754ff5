"""The Dutch default vocabularies: the statement's wording, flags, references, idempotence."""

from __future__ import annotations

import sqlalchemy as sa

from register.activities.completeness import NO_RECIPIENTS
from register.audit.models import AuditEntry
from register.vocabularies.defaults import ensure_default_vocabularies
from register.vocabularies.models import Term, Vocabulary

STATEMENT_CATEGORIES = [
    "Voor- en achternaam",
    "Geslacht",
    "Adresgegevens",
    "Telefoonnummer",
    "E-mailadres",
    "Naam organisatie",
    "Functie",
    "Locatiegegevens",
    "Training, publicatie, whitepaper, overige downloads",
    "Overige persoonsgegevens die u actief verstrekt bijvoorbeeld, in correspondentie en "
    "telefonisch",
    "IP-adres",
    "Gegevens over uw activiteiten op onze website",
]
STATEMENT_PURPOSES = [
    "Verzenden van onze nieuwsbrief, publicatie, whitepaper, etc.",
    "U te kunnen bellen of e-mailen indien dit nodig is om onze dienstverlening uit te kunnen "
    "voeren.",
    "U te informeren over onze diensten en producten.",
    "Om diensten bij u af te leveren, waaronder training, coaching en advies.",
    "Voor het afhandelen van betaling.",
    "Voor het afhandelen van klachten.",
    "Analyse van uw gedrag op de website om daarmee de website te verbeteren en het aanbod van "
    "producten en diensten af te stemmen op uw voorkeuren.",
    "Reacties op blogs",
]


def _terms(session, vocabulary):
    return session.scalars(
        sa.select(Term).where(Term.vocabulary == vocabulary).order_by(Term.sort_order)
    ).all()


def test_defaults_hold_the_statement_categories_and_purposes(session):
    ensure_default_vocabularies(session)
    categories = [t.label for t in _terms(session, Vocabulary.DATA_CATEGORY)]
    assert categories[:12] == STATEMENT_CATEGORIES
    purposes = [t.label for t in _terms(session, Vocabulary.PURPOSE)]
    assert purposes[:8] == STATEMENT_PURPOSES
    blogs = _terms(session, Vocabulary.PURPOSE)[7]
    assert "uw reactie zichtbaar te maken" in blogs.description


def test_defaults_flags_references_and_groups(session):
    ensure_default_vocabularies(session)
    categories = {t.label: t for t in _terms(session, Vocabulary.DATA_CATEGORY)}
    assert categories["Burgerservicenummer (BSN)"].is_national_identifier
    assert categories["Gezondheidsgegevens"].is_special_category
    assert categories["Ondersteuningsbehoefte (zorg en begeleiding)"].is_special_category
    assert not categories["ECK iD (keten-pseudoniem)"].is_special_category
    bases = [t.reference for t in _terms(session, Vocabulary.LEGAL_BASIS)]
    assert bases == [f"AVG art. 6 lid 1 sub {x}" for x in "abcdef"]
    conditions = [t.reference for t in _terms(session, Vocabulary.SPECIAL_CONDITION)]
    assert conditions == [f"AVG art. 9 lid 2 sub {x}" for x in "abcdefghij"]
    recipients = [t.label for t in _terms(session, Vocabulary.RECIPIENT_CATEGORY)]
    assert NO_RECIPIENTS in recipients and "Belastingdienst" in recipients
    mechanisms = [t.label for t in _terms(session, Vocabulary.TRANSFER_MECHANISM)]
    assert "EU-VS Data Privacy Framework" in mechanisms
    assert "Standaardcontractbepalingen (SCC)" in mechanisms
    groups = {t.group for t in _terms(session, Vocabulary.SECURITY_MEASURE)}
    assert {"Organisatorisch", "Technisch"} <= groups
    subjects = [t.label for t in _terms(session, Vocabulary.DATA_SUBJECT)]
    assert "Leerlingen en studenten" in subjects and "Ouders en verzorgers" in subjects


def test_defaults_are_idempotent_and_keep_user_changes(session):
    first = ensure_default_vocabularies(session)
    session.commit()
    assert first.total == session.scalar(sa.select(sa.func.count(Term.id)))
    entries = session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    renamed = session.scalars(
        sa.select(Term).where(Term.vocabulary == Vocabulary.PURPOSE, Term.code == "klachten")
    ).one()
    renamed.label = "Klachtafhandeling"
    session.commit()
    second = ensure_default_vocabularies(session)
    session.commit()
    assert second.total == 0
    assert session.scalar(sa.select(sa.func.count(AuditEntry.id))) == entries + 1
    assert session.get(Term, renamed.id).label == "Klachtafhandeling"


def test_defaults_skip_a_label_the_user_already_added(session, make_term):
    make_term(Vocabulary.DATA_SUBJECT, "websitebezoekers", code="eigen")
    ensure_default_vocabularies(session)
    labels = [t.label.lower() for t in _terms(session, Vocabulary.DATA_SUBJECT)]
    assert labels.count("websitebezoekers") == 1
