"""The PDF register as a job: queued by the export form, followed on a page, then fetched."""

from __future__ import annotations

import pypdf
import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.extensions import db
from register.jobs.models import Job, JobState


def test_export_queues_a_job_whose_page_offers_the_file(
    app, client, auth, make_user, make_activity, run_jobs
):
    make_activity(name="Nieuwsbrief versturen")
    staff = make_user(UserRole.PRIVACY)
    auth.login_as(staff)
    response = client.post("/uitwisseling/export", data={"format": "pdf"})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    assert job_url.startswith("/taken/")

    waiting = client.get(job_url)
    assert "In de wachtrij" in waiting.text
    assert waiting.headers["Refresh"] == "3"
    with app.app_context():
        job = db.session.scalars(sa.select(Job)).one()
        assert (job.state, job.created_by_id) == (JobState.QUEUED, staff.id)

    run_jobs(app, wait=0)
    ready = client.get(job_url)
    assert "Refresh" not in ready.headers
    assert "downloaden" in ready.text
    file = client.get(f"{job_url}/bestand")
    assert file.status_code == 200
    assert file.headers["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(_bytes(file.data)).pages)
    assert "Nieuwsbrief versturen" in text
    with app.app_context():
        actions = db.session.execute(
            sa.select(AuditEntry.action, AuditEntry.actor_email).where(
                AuditEntry.action.in_(["export", "download"])
            )
        ).all()
        assert ("export", staff.email) in actions  # audited as the user who asked
        assert ("download", staff.email) in actions


def test_someone_elses_job_does_not_exist(app, client, auth, make_user, run_jobs):
    first, second = make_user(UserRole.PRIVACY), make_user(UserRole.ADMIN)
    auth.login_as(first)
    job_url = client.post("/uitwisseling/export", data={"format": "pdf"}).headers["Location"]
    run_jobs(app, wait=0)
    auth.logout()
    auth.login_as(second)
    assert client.get(job_url).status_code == 404
    assert client.get(f"{job_url}/bestand").status_code == 404


def _bytes(data: bytes):
    import io

    return io.BytesIO(data)
