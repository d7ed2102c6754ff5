"""Imports every feature's models, so the metadata is complete for the app and Alembic."""

from register import form_tokens
from register.activities import models as activities
from register.agreements import models as agreements
from register.agreements.documents import storage as agreement_storage
from register.audit import models as audit
from register.auth import models as auth
from register.breaches import models as breaches
from register.jobs import models as jobs
from register.mail import models as mail
from register.organisations import models as organisations
from register.products import models as products
from register.rounds import models as rounds
from register.statement import models as statement
from register.subject_requests import models as subject_requests
from register.vocabularies import models as vocabularies

__all__ = [
    "activities",
    "agreement_storage",
    "agreements",
    "audit",
    "auth",
    "breaches",
    "form_tokens",
    "jobs",
    "mail",
    "organisations",
    "products",
    "rounds",
    "statement",
    "subject_requests",
    "vocabularies",
]
