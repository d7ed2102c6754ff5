"""Staff screens of the agreements feature, one module per kind of work.

Every view has one shape: load the agreement (404) → permission (`require`) → validate the
form → service → commit once → flash → redirect.

    screen.py       the agreement page (`render_detail`, on `render_page`) and `run_transition`,
                    which every transition runs through; the school portal shares both with
                    its own `Screen`
    reading.py      lists (all, uncovered licences, drift, art. 30(2) register), one agreement,
                    its stored PDFs and leaflets
    drafts.py       choose the school, create and change a draft
    transitions.py  send (queued as a job), cancel, terminate, withdraw, remind, replace, sign
                    (the second signature queues the signed PDF), its retry, signed scan

Importing this package registers the routes on `register.agreements.bp`.
"""

from register.agreements.views import drafts, reading, transitions

__all__ = ["drafts", "reading", "transitions"]
