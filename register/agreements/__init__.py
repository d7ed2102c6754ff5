"""Processor agreements (DPAs) with school boards: drafting, life cycle, documents, drift.

The path of one agreement through the package::

    views.drafts.create / edit           AgreementForm -> services.create_agreement / update_draft
         │                                (a draft: school, products, text version, particulars)
    views.transitions.send ──> sending.queue_send     checks the draft, queues one job
    worker ──> sending.run_send (register.jobs)       locks the row; one transaction:
         │     lifecycle.send_agreement
         │           documents.snapshot.build_snapshot   freeze the register data (plain values)
         │           documents.context.build_context     snapshot -> document context
         │           documents.render.render_sent_documents   agreement PDF + leaflets (texts/)
         │           models.Agreement.send               state draft -> in review, event row
         │           documents.storage.store_document    PDFs + snapshot stored with SHA-256
    portal (school) ──> lifecycle.move_agreement (approve / reject)
    views.transitions.sign, portal ──> lifecycle.sign_agreement   the second signature:
         │           signed_pdf.queue_signed_pdf         state signed, queues one job
    worker ──> signed_pdf.make_signed_pdf (register.jobs)   locks the row; one transaction:
         │     signed_pdf.store_signed_pdf
         │           documents.render.render_signed_pdf  original + signature page,
         │           documents.seal                      sealed (PAdES) with the company's key
         │           documents.storage.store_document    the signed PDF ("signed" e-mail follows)
    views.reading.document ──> documents.downloads.send_document  stored bytes, audited

Beside it: `states.py` (states, labels, the transition table), `models.py` (the agreement,
its state machine, events and signatures), `errors.py`, `forms.py`, `queries.py` (the
lists), `sending.py` (the send as an idempotent job the page follows), `signed_pdf.py` (the
signed PDF as such a job: until it is stored the pages say it is being prepared; both run
inside `agreement_jobs.run_on_agreement`), `drift.py` (signed agreements whose register data
changed since, kept current by `register.derived`, and the drift generation row by which a
process keeps the current fragments) and `cli.py` (`flask agreements check|drift|round`).
The school's side of review and signing is `register.portal`, which runs the same
`views.screen.run_transition`; bulk rounds, which draft and queue the same sends for many
schools at once, are `register.rounds`.
"""

from flask import Blueprint

bp = Blueprint("agreements", __name__, url_prefix="/overeenkomsten")
