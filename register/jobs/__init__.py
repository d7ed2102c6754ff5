"""Background jobs on Huey: the queue, the worker and work that survives a dead worker.

The way through:

- `queue.py` holds the one Huey instance. `init_queue(app)` binds it to the configured
  storage (SQLite in the instance folder by default, Redis with `REGISTER_QUEUE_URL`) and
  remembers the app, so every task decorated with `@job(...)` runs inside an app context
  and commits or rolls back its own transaction.
- `after_commit.py` queues tasks only once the transaction that asked for them commits: a
  rolled-back request queues nothing.
- `worker.py` runs the jobs: `flask --app register worker` keeps running (threads, the
  schedule and periodic tasks); `--burst` runs until nothing is queued and exits. At start it
  calls every recovery hook (`on_worker_start`), which queues again what the database says
  is unfinished: that is how work interrupted by a `kill -9` runs again.

- `models.py` / `runner.py`: a `Job` row for work someone waits for (the PDF register),
  with its progress and result file; `views.py` shows the progress and offers the file;
  `exports.py` is the PDF register as such a job.
- `housekeeping.py`: nightly removal of rows that have served their purpose (the old claims
  of create forms, `register.form_tokens`).

Idempotence is by construction: a job's durable state is a database row (a `Message` in
`register.mail`, for example) with a unique key, and a job first claims its row with a
lease (`leases.take_lease`, one compare-and-set UPDATE), so a second run of the same job
finds the work done or claimed and does nothing.
"""

from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/taken")
