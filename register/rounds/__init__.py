"""Bulk rounds ("ronde"): one agreement for every school in a chosen set, made by workers.

The way of one round::

    views.new ──> queries.candidates(selection)      the set: licences without an agreement,
         │                                           agreements on an older text version, or
         │                                           agreements whose register data changed;
         │                                           narrowed by product and school board
    views.preview                                    count and schools, paginated in SQL
    views.start ──> services.start_round             one `Round`, one `RoundItem` per licence
         │                                           or agreement (INSERT ... SELECT), audited
         │                                           as one entry; queues `running.advance_round`
    worker ──> running.advance_round                 settles the items whose send job ended and
         │     (a Huey task, one transaction)        prepares the next batch: a draft from the
         │                                           defaults (or `lifecycle.supersede` for a
         │                                           replacement) and `sending.queue_send`;
         │                                           queues itself again until nothing is open
    views.show                                       progress (done, failed with the reason,
                                                     waiting), refreshing without a script;
                                                     pause and resume

Nothing is made twice: an open item is unique per licence and per replaced agreement (a
partial unique index), an item records the agreement it made in the same transaction that
made it, and only the task holding the round's current `tick` advances it (a second or
stale task finds another tick and does nothing). A worker killed halfway loses at most an
uncommitted step, which the recovery hook (`register.jobs.worker.on_worker_start`) runs
again. `queries.round_figures` gives the dashboard and the agreements overview where each
round stands.
"""

from flask import Blueprint

bp = Blueprint("rounds", __name__, url_prefix="/overeenkomsten/rondes")
