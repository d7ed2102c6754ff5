"""Sending an agreement as a job: the request queues it, a worker renders, stores and sends.

"Opmaken en verzenden" calls `queue_send`, which checks the draft (state, version) and
records a `register.jobs` job; the worker runs `run_send`, which is
`lifecycle.send_agreement` in the job's one transaction: a worker killed halfway leaves the
draft as it was, and the recovery runs the job again. The school's e-mail follows from the
send event (`register.notifications`), after that transaction commits.

Idempotent by construction: the job locks the agreement row and sends only while the draft
still has the version and send count it was queued with; a second run (or a second job from
a double click) finds it sent and does nothing. The snapshot and documents are unique per
agreement and send, so even two racing runs cannot store a send twice. A refusal (the draft
changed, data missing) fails the job at once with its Dutch reason; a failed render is
retried with back-off (`register.jobs.runner`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.agreements.agreement_jobs import latest_job, run_on_agreement
from register.agreements.lifecycle import send_agreement
from register.agreements.models import Agreement
from register.agreements.queries import lock_agreement
from register.agreements.services import check_version
from register.auth.models import User
from register.documents.findings import Finding, refuse_sending, register_findings
from register.extensions import db
from register.jobs.models import Job
from register.jobs.runner import JobFile, Progress, handles, queue_job

KIND = "agreement_send"
STEP_LABELS = {
    "render": _l("De overeenkomst wordt opgemaakt en verzonden"),
}
# How long a worker process uses the documents check of a round's step for its other jobs
# of that step (a step's jobs run within seconds of each other; a retry checks anew).
STEP_CHECK_SECONDS = 30.0
_STEPS_KEPT = 8

_steps_lock = threading.Lock()
# Step key -> (monotonic time of the check, its findings): the latest few steps only.
_steps: OrderedDict[str, tuple[float, list[Finding]]] = OrderedDict()


def send_job_of(session: Session, agreement_id: int) -> Job | None:
    """The agreement's latest send job, if one was ever queued."""
    return latest_job(session, KIND, agreement_id)


def queue_send(
    session: Session,
    agreement: Agreement,
    *,
    user: User | None,
    ip: str,
    expected_version: int | None = None,
    findings: list[Finding] | None = None,
    step: str = "",
) -> Job:
    """Queue the send of a draft (flushes; the caller commits); a second click queues nothing.

    `user` None: the system sends (a round started from the command line). `findings`: the
    documents check taken earlier in this transaction (a round checks once per step).
    `step`: a key unique to that step (random), so the jobs of the step check once per
    worker process too (`step_findings`).
    """
    locked = lock_agreement(session, agreement.id)
    assert locked is not None
    check_version(locked, expected_version)
    locked._require("send")
    pending = send_job_of(session, locked.id)
    if pending is not None and not pending.finished:
        return pending
    # Refused at once on the page; the job checks again when it sends.
    refuse_sending(session, [product.code for product in locked.products], findings)
    params = {
        "agreement_id": locked.id,
        "version": locked.version,
        "sent_count": locked.sent_count,
        "ip": ip,
    }
    if step:
        params["step"] = step
    return queue_job(KIND, params, user_id=user.id if user else None)


@handles(KIND)
def run_send(job: Job, progress: Progress) -> JobFile:
    """Render, store and send the agreement once (the runner commits)."""

    def send(agreement: Agreement, user: User | None) -> None:
        if agreement.sent_count > int(job.params["sent_count"]):
            return  # an earlier run (or job) sent it
        send_agreement(
            db.session,
            agreement,
            user=user,
            ip=str(job.params.get("ip") or ""),
            timeout=float(current_app.config["PDF_RENDER_TIMEOUT"]),
            expected_version=int(job.params["version"]),
            findings=step_findings(db.session, str(job.params.get("step") or ""), job.attempts),
        )

    return run_on_agreement(job, progress, "render", send)


def step_findings(session: Session, step: str, attempts: int = 0) -> list[Finding] | None:
    """The documents check for a job of a round's `step`, read once per step and process.

    None (the caller checks the register itself) for a job of no step and for a retry.
    """
    if not step or attempts:
        return None
    now = time.monotonic()
    with _steps_lock:
        kept = _steps.get(step)
    if kept is not None and now - kept[0] <= STEP_CHECK_SECONDS:
        return kept[1]
    findings = register_findings(session)
    with _steps_lock:
        _steps[step] = (now, findings)
        _steps.move_to_end(step)
        while len(_steps) > _STEPS_KEPT:
            _steps.popitem(last=False)
    return findings
