"""Names for what the audit trail stores as codes: actions, kinds of data and enum values.

The trail stores codes (`"supersede"`, `"agreement_signature"`, `["draft", "active"]`) and
hashes them; these labels are for display only, so renaming a label never breaks the chain.
One table per kind of code:

- `ACTION_LABELS`: every action a service records (`record_event`, `set_audit_action`) or
  the recorder derives (create, update, delete);
- `ENTITY_LABELS`: every kind of data the trail names: each audited table and the event
  kinds that are not a table (an export of the register, a job);
- `FIELD_LABELS`: the name of every audited column, for the changes of an entry;
- `ENUM_LABELS`: per enum the labels the features already show, so a status reads the same
  in the trail as on its own page; `value_label` finds the enum of a changed column from
  the model, so no field needs listing here.

An unknown code (an entry written by an older release) is shown as stored.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from register.activities.catalogue import FIELDS_BY_ATTRIBUTE
from register.activities.models import ActivityStatus, DpiaStatus, Role
from register.agreements.documents.storage import DocumentKind
from register.agreements.states import AgreementState, Party
from register.auth.models import AuthMethod, TokenPurpose, UserRole
from register.breaches.models import BreachStatus
from register.db import Base
from register.jobs.models import JobState
from register.mail.models import MessageState
from register.organisations.models import OrganisationKind
from register.products.models import ProductKind
from register.statement.models import CookieKind
from register.subject_requests.models import (
    Channel,
    IdentityStatus,
    Outcome,
    RequestKind,
    RequestStatus,
)
from register.vocabularies.labels import VOCABULARIES
from register.vocabularies.models import Vocabulary

ACTION_LABELS = {
    "create": _l("Aangemaakt"),
    "update": _l("Gewijzigd"),
    "delete": _l("Verwijderd"),
    "activate": _l("Geactiveerd"),
    "retire": _l("Verwerking beëindigd"),
    "deactivate": _l("Gedeactiveerd"),
    "reactivate": _l("Weer actief gemaakt"),
    "end": _l("Licentie beëindigd"),
    "login": _l("Aangemeld"),
    "login_failed": _l("Aanmelden mislukt"),
    "login_throttled": _l("Aanmelden tijdelijk geblokkeerd"),
    "logout": _l("Afgemeld"),
    "rehash": _l("Wachtwoordhash vernieuwd"),
    "password_change": _l("Wachtwoord gewijzigd"),
    "password_change_failed": _l("Wachtwoord wijzigen mislukt"),
    "password_set_invite": _l("Wachtwoord ingesteld na uitnodiging"),
    "password_set_reset": _l("Wachtwoord opnieuw ingesteld"),
    "password_reset_requested": _l("Nieuw wachtwoord aangevraagd"),
    "password_reset_throttled": _l("Wachtwoordaanvraag tijdelijk geblokkeerd"),
    "use": _l("Link gebruikt"),
    "totp_enrolment_started": _l("Authenticator-app instellen begonnen"),
    "totp_enrolled": _l("Authenticator-app ingesteld"),
    "second_factor_failed": _l("Verkeerde code (tweede factor)"),
    "second_factor_throttled": _l("Tweede factor tijdelijk geblokkeerd"),
    "second_factor_reset": _l("Tweede factor teruggezet"),
    "recovery_code_used": _l("Herstelcode gebruikt"),
    "recovery_codes_replaced": _l("Nieuwe herstelcodes gemaakt"),
    "passkey_added": _l("Passkey toegevoegd"),
    "passkey_used": _l("Passkey gebruikt"),
    "passkey_refused": _l("Passkey geweigerd"),
    "passkey_counter_refused": _l("Passkey geweigerd (teller niet opgehoogd)"),
    "passkey_removed": _l("Passkey verwijderd"),
    "sso_refused": _l("Inloggen via instelling geweigerd"),
    "send": _l("Verzonden ter beoordeling"),
    "approve": _l("Goedgekeurd"),
    "reject": _l("Afgewezen"),
    "cancel": _l("Geannuleerd"),
    "sign": _l("Ondertekend"),
    "upload_scan": _l("Scan geüpload"),
    "store_signed_pdf": _l("Ondertekende pdf opgeslagen"),
    "retry_signed_pdf": _l("Ondertekende pdf opnieuw aangevraagd"),
    "terminate": _l("Overeenkomst beëindigd"),
    "supersede": _l("Vervangen"),
    "withdraw": _l("Ingetrokken"),
    "remind": _l("Herinnering gestuurd"),
    "round_start": _l("Ronde gestart"),
    "round_pause": _l("Ronde gepauzeerd"),
    "round_resume": _l("Ronde hervat"),
    "round_finish": _l("Ronde afgerond"),
    "mail": _l("E-mail klaargezet"),
    "download": _l("Gedownload"),
    "export": _l("Geëxporteerd"),
    "import": _l("Geïmporteerd"),
    "verify": _l("Keten gecontroleerd"),
    "verify_identity": _l("Identiteit gecontroleerd"),
    "extend": _l("Termijn verlengd"),
    "forward": _l("Doorgestuurd"),
    "decide": _l("Besluit over melden vastgelegd"),
    "close": _l("Afgesloten"),
}

# Actions shown in red: refusals and removals.
ALARMING_ACTIONS = frozenset(
    {
        "delete",
        "login_failed",
        "login_throttled",
        "second_factor_failed",
        "second_factor_throttled",
        "passkey_refused",
        "passkey_counter_refused",
        "sso_refused",
    }
)

ENTITY_LABELS = {
    "statement_publication": _l("Publicatie van de privacyverklaring"),
    "cookie": _l("Cookie"),
    "sso_link": _l("Koppeling met inloggen via instelling"),
    "activity": _l("Verwerking"),
    "activity_purpose": _l("Doel van een verwerking"),
    "activity_data_category": _l("Persoonsgegeven van een verwerking"),
    "activity_subprocessor": _l("Subverwerker van een verwerking"),
    "transfer": _l("Doorgifte"),
    "retention_rule": _l("Bewaartermijn"),
    "agreement": _l("Verwerkersovereenkomst"),
    "agreement_signature": _l("Ondertekening"),
    "organisation": _l("Organisatie"),
    "product": _l("Product"),
    "licence": _l("Licentie"),
    "term": _l("Term"),
    "user": _l("Gebruiker"),
    "one_time_token": _l("Eenmalige link"),
    "message": _l("E-mail"),
    "subject_request": _l("Verzoek van een betrokkene"),
    "breach": _l("Datalek"),
    "breach_notice": _l("Melding aan een school"),
    "register": _l("Register"),
    "job": _l("Taak"),
    "round": _l("Ronde van overeenkomsten"),
    "audit_entry": _l("Audittrail"),
}

# The Dutch name of each changed column the trail shows, by column key. An activity's columns
# are named by the field catalogue (`register.activities.catalogue`), so they read as on the
# activity's page and are not listed here.
FIELD_LABELS = {
    "about_id": _l("Betreft (nummer)"),
    "about_kind": _l("Betreft (soort)"),
    "access": _l("Toegang"),
    "activity_id": _l("Verwerking"),
    "address": _l("Adres"),
    "agreement_id": _l("Verwerkersovereenkomst"),
    "answer": _l("Antwoord"),
    "approved_at": _l("Goedgekeurd op"),
    "attempts": _l("Pogingen"),
    "authority_notified_at": _l("Gemeld aan de AP op"),
    "authority_reasoning": _l("Afweging melding AP"),
    "authority_reference": _l("Kenmerk AP"),
    "aware_at": _l("Ontdekt op"),
    "body_html": _l("Inhoud (HTML)"),
    "breach_id": _l("Datalek"),
    "brin": _l("BRIN"),
    "cancelled_at": _l("Geannuleerd op"),
    "certifications": _l("Certificeringen"),
    "channel": _l("Kanaal"),
    "city": _l("Plaats"),
    "claimed_until": _l("Bezet tot"),
    "closed_at": _l("Afgesloten op"),
    "code": _l("Code"),
    "confirmation": _l("Bevestiging"),
    "content": _l("Inhoud"),
    "country": _l("Land"),
    "created_at": _l("Aangemaakt op"),
    "created_by_id": _l("Aangemaakt door"),
    "data_category_id": _l("Persoonsgegeven"),
    "data_subject_id": _l("Betrokkene"),
    "data_subjects": _l("Betrokkenen"),
    "deletion_term": _l("Termijn voor verwijderen of teruggeven"),
    "dpo_not_appointed": _l("Geen FG aangewezen"),
    "dpo_not_appointed_reason": _l("Reden geen FG"),
    "description": _l("Omschrijving"),
    "deviations": _l("Afwijkingen"),
    "document_sha256": _l("SHA-256 van het document"),
    "dpo_email": _l("E-mailadres FG"),
    "dpo_name": _l("Naam FG"),
    "dpo_phone": _l("Telefoon FG"),
    "due_on": _l("Termijn tot"),
    "effects": _l("Gevolgen"),
    "email": _l("E-mailadres"),
    "end_date": _l("Einddatum"),
    "ended_at": _l("Beëindigd op"),
    "expires_at": _l("Verloopt op"),
    "extension_months": _l("Verlenging (maanden)"),
    "extension_noticed_on": _l("Verlenging gemeld op"),
    "extension_reason": _l("Reden van de verlenging"),
    "facts": _l("Feiten"),
    "failed_at": _l("Mislukt op"),
    "forwarded_at": _l("Doorgestuurd op"),
    "forwarded_to": _l("Doorgestuurd naar"),
    "function": _l("Functie"),
    "ground": _l("Grond"),
    "group": _l("Groep"),
    "handler_id": _l("Behandelaar"),
    "id": _l("Nummer"),
    "identity_checked_at": _l("Identiteit gecontroleerd op"),
    "identity_method": _l("Wijze van identiteitscontrole"),
    "identity_status": _l("Identiteitscontrole"),
    "ip": _l("IP-adres"),
    "is_active": _l("Actief"),
    "is_criminal_data": _l("Strafrechtelijk gegeven"),
    "is_national_identifier": _l("Nationaal identificatienummer"),
    "is_required": _l("Verplicht gegeven"),
    "is_signatory": _l("Tekenbevoegd"),
    "is_special_category": _l("Bijzonder persoonsgegeven"),
    "issuer": _l("Uitgever"),
    "key": _l("Sleutel"),
    "kind": _l("Soort"),
    "kvk": _l("KvK-nummer"),
    "label": _l("Naam"),
    "language": _l("Taal"),
    "last_error": _l("Laatste fout"),
    "last_login_at": _l("Laatst ingelogd op"),
    "last_used_at": _l("Laatst gebruikt op"),
    "legal_basis_id": _l("Grondslag"),
    "legal_exception": _l("Wettelijke uitzondering"),
    "legal_form": _l("Rechtsvorm"),
    "legitimate_interest": _l("Gerechtvaardigd belang"),
    "lia_link": _l("Link belangenafweging"),
    "locale": _l("Taal"),
    "location": _l("Locatie"),
    "measures": _l("Maatregelen"),
    "mechanism_id": _l("Doorgiftemechanisme"),
    "method": _l("Methode"),
    "missing_count": _l("Aantal ontbrekende gegevens"),
    "name": _l("Naam"),
    "next_attempt_at": _l("Volgende poging op"),
    "notice_period_months": _l("Opzegtermijn (maanden)"),
    "notify_authority": _l("Melden aan de AP"),
    "notify_subjects": _l("Betrokkenen informeren"),
    "number": _l("Nummer"),
    "occurred_at": _l("Ontstaan op"),
    "organisation_id": _l("Organisatie"),
    "outcome": _l("Uitkomst"),
    "outcome_note": _l("Toelichting op de uitkomst"),
    "particulars": _l("Bijzonderheden"),
    "party": _l("Partij"),
    "password_changed_at": _l("Wachtwoord gewijzigd op"),
    "password_hash": _l("Wachtwoord (hash)"),
    "period": _l("Bewaartermijn"),
    "phone": _l("Telefoon"),
    "postcode": _l("Postcode"),
    "privacy_contact_email": _l("E-mailadres privacycontact"),
    "privacy_contact_name": _l("Naam privacycontact"),
    "privacy_contact_phone": _l("Telefoon privacycontact"),
    "processor_agreement": _l("Verwerkersovereenkomst"),
    "representative_function": _l("Functie vertegenwoordiger"),
    "representative_mandate": _l("Volmacht"),
    "representative_name": _l("Naam vertegenwoordiger"),
    "processor_id": _l("Verwerker"),
    "product_id": _l("Product"),
    "provider": _l("Aanbieder"),
    "published_at": _l("Gepubliceerd op"),
    "published_by_id": _l("Gepubliceerd door"),
    "purpose": _l("Doel"),
    "purpose_id": _l("Doel"),
    "reason": _l("Reden"),
    "received_on": _l("Ontvangen op"),
    "recipient": _l("Ontvanger"),
    "reference": _l("Kenmerk"),
    "reject_reason": _l("Reden van afwijzing"),
    "requester_address": _l("Adres verzoeker"),
    "requester_email": _l("E-mailadres verzoeker"),
    "requester_name": _l("Naam verzoeker"),
    "retention": _l("Bewaartermijn"),
    "retired_at": _l("Beëindigd op"),
    "retired_reason": _l("Reden van beëindiging"),
    "rio": _l("RIO-code"),
    "role": _l("Rol"),
    "safeguard": _l("Waarborg"),
    "safeguards": _l("Waarborgen"),
    "school_id": _l("School"),
    "sent_at": _l("Verstuurd op"),
    "sent_by_id": _l("Verstuurd door"),
    "sent_count": _l("Aantal keer verstuurd"),
    "service": _l("Dienst"),
    "session_token": _l("Sessiesleutel"),
    "sha256": _l("SHA-256"),
    "signed_at": _l("Ondertekend op"),
    "signed_by_scan": _l("Ondertekend met een scan"),
    "signed_document_sha256": _l("SHA-256 van het ondertekende document"),
    "sort_order": _l("Volgorde"),
    "special_condition_id": _l("Voorwaarde art. 9"),
    "start_date": _l("Begindatum"),
    "state": _l("Status"),
    "status": _l("Status"),
    "subject": _l("Onderwerp"),
    "subjects_notified_at": _l("Betrokkenen geïnformeerd op"),
    "subjects_reasoning": _l("Afweging informeren betrokkenen"),
    "superseded_at": _l("Vervangen op"),
    "supersedes_id": _l("Vervangt"),
    "target_groups": _l("Doelgroepen"),
    "template": _l("Sjabloon"),
    "template_id": _l("Tekst"),
    "template_sha256": _l("SHA-256 van de tekst"),
    "template_version": _l("Tekstversie"),
    "term_end": _l("Einde looptijd"),
    "term_id": _l("Term"),
    "term_start": _l("Begin looptijd"),
    "terminated_at": _l("Opgezegd op"),
    "termination_reason": _l("Reden van opzegging"),
    "title": _l("Titel"),
    "token_hash": _l("Sleutel (hash)"),
    "trigger": _l("Gaat in bij"),
    "updated_at": _l("Gewijzigd op"),
    "url": _l("Webadres"),
    "used_at": _l("Gebruikt op"),
    "user_id": _l("Gebruiker"),
    "users": _l("Gebruikers"),
    "uses_eck_id": _l("Gebruikt ECK iD"),
    "version": _l("Versie"),
    "vocabulary": _l("Lijst"),
    "website": _l("Website"),
    "withdrawal_reason": _l("Reden van intrekking"),
    "withdrawn_at": _l("Ingetrokken op"),
}

ENUM_LABELS: dict[type[enum.Enum], Mapping[Any, Any]] = {
    **{
        labelled: labelled.labels()
        for labelled in (
            ActivityStatus,
            DpiaStatus,
            Role,
            AgreementState,
            DocumentKind,
            UserRole,
            AuthMethod,
            TokenPurpose,
            BreachStatus,
            JobState,
            MessageState,
            OrganisationKind,
            ProductKind,
            RequestKind,
            CookieKind,
            Channel,
            IdentityStatus,
            Outcome,
            RequestStatus,
        )
    },
    Party: {Party.CONTROLLER: _l("School"), Party.PROCESSOR: _l("Leverancier")},
    Vocabulary: {vocabulary: name for vocabulary, (_slug, name, _help) in VOCABULARIES.items()},
}


def action_label(action: str) -> str:
    """The Dutch name of an action code (the code itself if unknown)."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def entity_label(entity_type: str) -> str:
    """The Dutch name of a kind of data (the code itself if unknown)."""
    label = ENTITY_LABELS.get(entity_type)
    return str(label) if label is not None else entity_type


def field_label(entity_type: str, field: str) -> str:
    """The Dutch name of a changed column (the column key itself if unknown)."""
    if entity_type == "activity" and field in FIELDS_BY_ATTRIBUTE:
        return str(FIELDS_BY_ATTRIBUTE[field].label)
    label = FIELD_LABELS.get(field)
    return str(label) if label is not None else field


@cache
def _column_enums() -> dict[tuple[str, str], type[enum.Enum]]:
    """(table, column key) → enum class, for every audited model's enum column."""
    found: dict[tuple[str, str], type[enum.Enum]] = {}
    for mapper in Base.registry.mappers:
        if not getattr(mapper.class_, "__audit__", False):
            continue
        for attr in mapper.column_attrs:
            column_type = attr.columns[0].type
            if isinstance(column_type, sa.Enum) and column_type.enum_class is not None:
                found[(mapper.class_.__tablename__, attr.key)] = column_type.enum_class
    return found


def value_label(entity_type: str, field: str, value: Any) -> Any:
    """A stored value of `field` as its label when the column is an enum; else unchanged."""
    enum_class = _column_enums().get((entity_type, field))
    if enum_class is None or not isinstance(value, str):
        return value
    try:
        member = enum_class(value)
    except ValueError:
        return value
    label = ENUM_LABELS.get(enum_class, {}).get(member)
    return str(label) if label is not None else value


def audited_entity_types() -> list[str]:
    """Every kind of data the trail can name: audited tables and event kinds."""
    tables = {
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__audit__", False)
    }
    return sorted(tables | ENTITY_LABELS.keys())


def entity_choices() -> list[SelectChoice]:
    """The "Soort gegeven" filter's options, by label."""
    options = sorted(((entity_label(t), t) for t in audited_entity_types()), key=_by_label)
    return [SelectChoice("", "—")] + [SelectChoice(code, label) for label, code in options]


def action_choices() -> list[SelectChoice]:
    """The "Handeling" filter's options, by label."""
    options = sorted(((str(label), code) for code, label in ACTION_LABELS.items()), key=_by_label)
    return [SelectChoice("", "—")] + [SelectChoice(code, label) for label, code in options]


def _by_label(pair: tuple[str, str]) -> tuple[str, str]:
    return (pair[0].casefold(), pair[1])
