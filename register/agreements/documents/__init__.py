"""An agreement's documents: from register data to a stored, sealed PDF.

The way of one send (`register.agreements.lifecycle.send_agreement`)::

    register rows ──snapshot.build_snapshot──> snapshot (plain values, one fragment per product)
                  ──context.build_context────> document context (schema: docs/agreement-context.md)
                  ──render.render_sent_documents──> agreement PDF (snapshot attached as JSON)
                                                    + one Privacybijsluiter per product
                  ──storage.store_document───> AgreementDocument / AgreementSnapshot rows,
                                               each with its SHA-256, never changed again

and of the signing that completes it (`lifecycle.sign_agreement` queues it, the worker runs
`register.agreements.signed_pdf.store_signed_pdf`)::

    stored original ──render.render_signed_pdf──> original pages + signature page
                    ──seal.Seal.seal────────────> PAdES seal with the company's certificate
                    ──storage.store_document────> the signed PDF

`storage` also holds the drift baseline (`AgreementFragment`, one hash per product
fragment, written at send) and the flags (`AgreementDrift`) that `register.agreements.drift`
keeps current; `reading` finds the current snapshot, documents and leaflets for pages and
downloads; `downloads` serves stored bytes to staff and schools alike. The agreement texts
themselves are data, rendered in a sandbox by `register.texts`.
"""
