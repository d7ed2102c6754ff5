"""Benchmark a bulk round against sending the same agreements one at a time; prints figures.

    .venv/bin/python -m bench.rounds [--count 1000] [--workers 1,2] [--singles whole,cold,warm]
                                     [--one-core-each]

Each scenario gets its own temporary migrated SQLite database and SQLite queue, seeded with
the agreements' test register plus `count` school boards holding a DOENIN licence:

1. one at a time: per licence a draft from the defaults, "Opmaken en verzenden" (the send
   job), and the job run to its end before the next one, in this one process (a job
   worker's PDF pool stays warm, as in a long-lived worker). Three ways (`--singles`):
   - whole (the baseline): the setting PDF_SHARED_PAGES off, so every agreement and leaflet
     is rendered whole, as every send was when the issue was filed. This is the honest "as
     today": an earlier version of this benchmark ran its single sends in one long process
     with the shared-page cache on, so from the second send on they reused the pages the
     first laid out, which a send by hand now and then would not;
   - cold cache: shared pages, but the cache emptied before each send, as for a single
     send in a fresh job process (it lays out the shared text, then stamps it: about
     what rendering whole costs);
   - warm cache: the shared pages laid out by the first send and reused by all others, a
     lower bound for one at a time that no single send by hand gets;
2. a round (`agreements round --uncovered --product DOENIN`) worked through by 1, then 2,
   worker processes (`flask --app register worker`, two threads each) side by side; with
   `--one-core-each` also with each worker process (and its PDF workers) pinned to a core
   of its own (`taskset`), as workers on one-core hosts: how throughput grows with hosts.

Every agreement stays a complete PDF/A-3b with its own register data attached; the figures
are wall-clock seconds in one run on this machine, seconds per agreement, and CPU seconds
per agreement summed over every process (this one, the workers, the PDF workers; setting
up the database and starting the workers included). On a shared machine the CPU figure is
usually the steadier one: the wall clock follows whatever else the machine is doing (but
see the runs of 4 December below).

How an agreement is made (`register.pdf.sharing`): the 4.0 text puts everything of one
agreement on a cover (parties, licences, term, contacts) and in the Wijzigingsbijlage and
the signature page; the body, the Privacybijsluiters and the Beveiligingsbijlage are
rendered from the processor's data and the products only, laid out once per process
(cache keyed by the shared HTML) and stamped as form XObjects onto blank pages of each
agreement's own document, whose page furniture prints its number and "pagina X van Y". A
single send takes the same way, so it gains as well (its cache is the web or job process).

Measured 4 December 2026, 21:00, on the quiet machine (no other work), 1,000 agreements,
`--count 1000 --singles whole --workers 1,2` (the machine was faster than in the runs below:
compare the ratios of one run):

                                                   s each   CPU s   wall   CPU
    one at a time, whole (baseline)                    0.90    1.08
    round, 1 worker process                            0.16    0.30   5.6x   3.6x
    round, 2 worker processes                          0.16    0.32   5.5x   3.3x

So at the issue's size, too, a round takes 5.5x less time per agreement than sending the
same agreements one at a time (897 s against 160 s for the thousand).

Measured earlier on 4 December 2026 on the quiet machine (no other work; `uptime` load 1.3-2.8, the
benchmark's own), 100 agreements, `--singles whole --workers 1,2 --one-core-each`, after
the documents' hyphenation was bounded (`hyphenate-limit-zone`, every render ~25% cheaper):

                                                   s each   CPU s   wall   CPU
    one at a time, whole (baseline)                    1.60    1.96
    round, 1 worker process                            0.29    0.57   5.4x   3.4x
    round, 2 worker processes                          0.34    0.76   4.7x   2.6x
    round, 1 worker process on 1 core                  0.58    0.64   2.8x   3.1x
    round, 2 worker processes on 1 core each           0.34    0.75   4.7x   2.6x

(An earlier run of the same hour: baseline 1.32 s, round 0.24 s with 1 worker process (5.4x)
and 0.29 s with 2 (4.6x).) So on this 2-core host a round takes 5.4x less time per agreement
than sending one at a time as when the issue was filed. One worker process already keeps
both cores busy (two job threads, its PDF workers side by side); a second process on the
same two cores only adds its start-up and contention. Pinned to one core each, as workers
on one-core hosts, a second worker takes a round from 0.58 to 0.34 s an agreement (1.7x).

Earlier runs, on 2 cores shared with another agent's tests (load 2-5), before the
hyphenation change: 200 agreements 1.67 s each one at a time (whole), 0.42 s in a round with
1 or 2 worker processes (4.0x); 100 agreements 1.73 s and 0.37 s (4.6-4.7x); 40 agreements
1.87 s and 0.44-0.47 s, with a single send on a cold shared-page cache 1.83 s and on a warm
one 0.61 s. From the 40 and 200 runs, one more agreement costs ~1.56 CPU s whole and ~0.37
(1 worker process) to ~0.42 (2) in a round, with ~20-30 s fixed per run. (On 3 December this
benchmark's "one at a time" was the warm-cache form, which no send by hand gets.)

Where the ~0.37 CPU s of one more agreement in a round go (cProfile and
`time.process_time` of one round in this process, 40 agreements): the PDF workers ~0.28
(the own document 0.25: layout 0.18, of which ~0.09 is the 16 blank placeholder pages
carrying only header and footer, write 0.06, stamp 0.02; the leaflet frame 0.03), the job
and round step ~0.07 (snapshot 0.02, the texts to HTML with the context validated twice
0.015, draft and number 0.01, flushes, audit, commits), the rest is restarting PDF workers
(now every 250 tasks instead of 100) and polling. Since these runs the send jobs of a
round's step check the register once per step and worker process (`sending.step_findings`;
it was once per job, ~0.012 s each). Going further would take sharing the page furniture
(stamping header and footer without laying out blank pages, ~0.09 s), reusing the product
fragments the drift keeps per generation for the snapshot (~0.01 s), and validating the
context once per send instead of per document (~0.005 s); 5x in CPU needs ~0.3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.agreements import make_app
from register.agreements.models import Agreement
from register.agreements.sending import queue_send
from register.agreements.services import create_agreement, default_command
from register.agreements.states import AgreementState
from register.calendar import today
from register.config import PROJECT_ROOT
from register.extensions import db
from register.jobs.worker import run_burst
from register.organisations.models import Organisation, OrganisationKind
from register.pdf import shared_cache, shutdown_workers
from register.products.models import Licence
from register.rounds.models import Round, RoundKind
from register.rounds.queries import Selection
from register.rounds.services import start_round
from tests.agreements.seed import seed_register


def _prepare(folder: Path, count: int) -> tuple[Any, int]:
    """A migrated database with `count` schools holding a DOENIN licence (none covered)."""
    app = make_app(folder / "register.db")
    app.config["QUEUE_URL"] = f"sqlite:///{folder / 'jobs.db'}"
    from register.jobs.queue import init_queue

    init_queue(app)
    with app.app_context():
        reg = seed_register()
        db.session.execute(sa.delete(Licence).where(Licence.product_id != reg.product_id))
        # The documents check asks each party's FG or the decision not to appoint one (the
        # seed's own organisation has its FG).
        db.session.execute(
            sa.update(Organisation)
            .where(Organisation.kind == OrganisationKind.SCHOOL)
            .values(dpo_not_appointed=True, dpo_not_appointed_reason="Geen verplichting.")
        )
        schools = [
            Organisation(
                kind=OrganisationKind.SCHOOL,
                name=f"Bench school {i:05d}",
                brin=f"B{i}",
                representative_name=f"Bestuurder {i:05d}",
                representative_function="Voorzitter college van bestuur",
                dpo_not_appointed=True,
                dpo_not_appointed_reason="Geen verplichting.",
            )
            for i in range(count - 2)  # the seed holds two schools with a DOENIN licence
        ]
        db.session.add_all(schools)
        db.session.flush()
        db.session.add_all(
            Licence(organisation_id=s.id, product_id=reg.product_id, start_date=dt.date(2026, 8, 1))
            for s in schools
        )
        db.session.commit()
        return app, reg.product_id


def _sent(app: Any) -> int:
    with app.app_context():
        db.session.rollback()
        return int(
            db.session.scalar(
                sa.select(sa.func.count(Agreement.id)).where(
                    Agreement.state == AgreementState.IN_REVIEW
                )
            )
            or 0
        )


def _finished(app: Any, round_id: int) -> bool:
    with app.app_context():
        db.session.rollback()
        round_ = db.session.get(Round, round_id)
        return round_ is not None and round_.finished_at is not None


# The ways of sending one at a time (see the module docstring); the first is the baseline.
SINGLES = {
    "whole": "one at a time, whole",
    "cold": "one at a time, cold cache",
    "warm": "one at a time, warm cache",
}


def one_at_a_time(folder: Path, count: int, *, mode: str) -> float:
    """Per licence: a draft, its send job, run to its end; the next one only then.

    `mode` "whole": every agreement and leaflet rendered whole (PDF_SHARED_PAGES off), as
    when the issue was filed; "cold": shared pages, but each send finds none laid out (the
    cache is emptied before it, as for a single send in a fresh job process); "warm": the
    shared pages laid out once by the first send and reused by the others.
    """
    app, product_id = _prepare(folder, count)
    app.config["PDF_SHARED_PAGES"] = mode != "whole"
    with app.app_context():
        licences = db.session.execute(
            sa.select(Licence.id, Licence.organisation_id).order_by(Licence.id)
        ).all()
    start = time.perf_counter()
    for _licence_id, school_id in licences:
        with app.app_context():
            school = db.session.get(Organisation, school_id)
            draft = create_agreement(db.session, default_command(db.session, school, (product_id,)))
            queue_send(db.session, draft, user=None, ip="")
            db.session.commit()
        if mode == "cold":
            shared_cache.clear()
        run_burst(app)
    elapsed = time.perf_counter() - start
    assert _sent(app) == count, f"{_sent(app)} of {count} sent"
    shutdown_workers()
    return elapsed


def _worker(app: Any, database: str, core: int | None = None) -> subprocess.Popen[bytes]:
    """A job worker process; `core`: pinned to that one core (with its PDF workers), as a
    worker alone on a one-core host."""
    env = {
        **os.environ,
        "REGISTER_ENV": "development",
        "REGISTER_SECRET_KEY": "bench",
        "REGISTER_DATABASE_URL": database,
        "REGISTER_QUEUE_URL": app.config["QUEUE_URL"],
        "REGISTER_MAIL_URL": "",
    }
    pin = ["taskset", "--cpu-list", str(core)] if core is not None else []
    return subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
        [*pin, sys.executable, "-m", "flask", "--app", "register", "worker", "--workers", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def as_round(folder: Path, count: int, workers: int, *, pinned: bool = False) -> float:
    """One round over every licence, worked through by `workers` worker processes (`pinned`:
    each on a core of its own)."""
    app, product_id = _prepare(folder, count)
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    processes = [
        _worker(app, database, core=index % (os.cpu_count() or 1) if pinned else None)
        for index in range(workers)
    ]
    try:
        time.sleep(3)  # the workers import the app (and WeasyPrint) before the clock starts
        start = time.perf_counter()
        with app.app_context():
            selection = Selection(kind=RoundKind.UNCOVERED, product_id=product_id)
            round_id = start_round(db.session, selection, user_id=None, on=today()).id
            db.session.commit()
        while _sent(app) < count and not _finished(app, round_id):
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        # A round whose sends failed (e.g. renders past PDF_RENDER_TIMEOUT on an overloaded
        # machine) finishes with failed items: stop there instead of waiting for ever.
        assert _sent(app) == count, f"{_sent(app)} of {count} sent; see the round's items"
        return elapsed
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (workers, PDF workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="agreements (at least 2)")
    parser.add_argument("--workers", default="1,2", help="worker processes per round run")
    parser.add_argument(
        "--singles",
        default=",".join(SINGLES),
        help="one-at-a-time runs (whole, cold, warm); the first is the baseline",
    )
    parser.add_argument(
        "--one-core-each",
        action="store_true",
        help="also run the rounds with each worker process pinned to a core of its own",
    )
    args = parser.parse_args()
    count = max(2, args.count)
    with tempfile.TemporaryDirectory(prefix="bench-rounds-") as tmp:
        root = Path(tmp)
        print(f"{count} agreements, each a PDF/A-3b with its register data attached")
        print("  (wall-clock s; CPU s of all processes per agreement, preparing included)")
        cpu = _cpu()
        single = single_cpu = 0.0
        for mode in args.singles.split(","):
            folder = root / f"single-{mode}"
            folder.mkdir()
            elapsed = one_at_a_time(folder, count, mode=mode)
            cpu, used = _cpu(), _cpu() - cpu
            if not single:
                single, single_cpu, baseline = elapsed, used, SINGLES[mode]
            print(
                f"  {SINGLES[mode] + ':':46} {elapsed:8.1f} s  {elapsed / count:6.2f} s each"
                f"  CPU {used / count:5.2f} s"
            )
        rounds = [(int(w), False) for w in args.workers.split(",") if w]
        if args.one_core_each:
            rounds += [(workers, True) for workers, _ in rounds]
        for workers, pinned in rounds:
            folder = root / f"round-{workers}{'-pinned' if pinned else ''}"
            folder.mkdir()
            elapsed = as_round(folder, count, workers, pinned=pinned)
            cpu, used = _cpu(), _cpu() - cpu
            label = f"round, {workers} worker process(es){', 1 core each' if pinned else ''}:"
            print(
                f"  {label:46} {elapsed:8.1f} s  {elapsed / count:6.2f} s each"
                f"  CPU {used / count:5.2f} s  ({single / elapsed:.1f}x less wall clock,"
                f" {single_cpu / used:.1f}x less CPU than {baseline})"
            )


if __name__ == "__main__":
    main()
