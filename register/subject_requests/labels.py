"""Dutch labels of the request vocabulary, for forms, pages, letters and e-mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.subject_requests.models import Channel, IdentityStatus, Outcome, RequestKind

KIND_LABELS = {
    RequestKind.ACCESS: _l("Inzage"),
    RequestKind.RECTIFICATION: _l("Rectificatie"),
    RequestKind.ERASURE: _l("Verwijdering"),
    RequestKind.RESTRICTION: _l("Beperking van de verwerking"),
    RequestKind.PORTABILITY: _l("Overdraagbaarheid"),
    RequestKind.OBJECTION: _l("Bezwaar"),
    RequestKind.WITHDRAWAL: _l("Intrekken van toestemming"),
}
ARTICLES = {
    RequestKind.ACCESS: "art. 15 AVG",
    RequestKind.RECTIFICATION: "art. 16 AVG",
    RequestKind.ERASURE: "art. 17 AVG",
    RequestKind.RESTRICTION: "art. 18 AVG",
    RequestKind.PORTABILITY: "art. 20 AVG",
    RequestKind.OBJECTION: "art. 21 AVG",
    RequestKind.WITHDRAWAL: "art. 7(3) AVG",
}
CHANNEL_LABELS = {
    Channel.MAIL: _l("E-mail"),
    Channel.PHONE: _l("Telefoon"),
    Channel.LETTER: _l("Brief"),
    Channel.WEB_FORM: _l("Webformulier"),
}
IDENTITY_LABELS = {
    IdentityStatus.UNVERIFIED: _l("Nog niet gecontroleerd"),
    IdentityStatus.VERIFIED: _l("Vastgesteld"),
    IdentityStatus.FAILED: _l("Niet vastgesteld"),
}
OUTCOME_LABELS = {
    Outcome.GRANTED: _l("Ingewilligd"),
    Outcome.PARTLY_GRANTED: _l("Gedeeltelijk ingewilligd"),
    Outcome.REFUSED: _l("Afgewezen"),
    Outcome.FORWARDED: _l("Doorgestuurd naar de school"),
    Outcome.WITHDRAWN: _l("Ingetrokken door de verzoeker"),
}
LABELS = {
    "kind_labels": KIND_LABELS,
    "channel_labels": CHANNEL_LABELS,
    "identity_labels": IDENTITY_LABELS,
    "outcome_labels": OUTCOME_LABELS,
    "articles": ARTICLES,
}
