"""A long job someone waits for (the PDF register, ...): its progress and its result.

The row is the job's durable state; the Huey task only carries its id (see
register/jobs/__init__.py). The result file is kept beside it until it is fetched again or
cleared, so any web host can serve it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, deferred, mapped_column

from register.db import LabelledEnum, Model, enum_column, utcnow


class JobState(LabelledEnum):
    QUEUED = "queued", _l("In de wachtrij")
    RUNNING = "running", _l("Bezig")
    DONE = "done", _l("Klaar")
    FAILED = "failed", _l("Mislukt")


class Job(Model):
    """One requested job: what, for whom, how far, and the file it produced."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[JobState] = mapped_column(enum_column(JobState), default=JobState.QUEUED)
    step: Mapped[str] = mapped_column(sa.String(200), default="")
    progress: Mapped[int] = mapped_column(default=0)  # of `total` steps
    total: Mapped[int] = mapped_column(default=1)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    claimed_until: Mapped[dt.datetime | None]
    result_name: Mapped[str] = mapped_column(sa.String(200), default="")
    result_mimetype: Mapped[str] = mapped_column(sa.String(100), default="")
    result: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def state_label(self) -> str:
        return str(self.state.label)
