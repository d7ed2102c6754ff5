"""The statement PDF comes from the job worker: a web process never starts a PDF pool."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from register.extensions import db
from register.pdf import shutdown_workers
from register.pdf import worker as pdf_worker
from tests.jobs.conftest import worker_process  # noqa: F401  (fixture)
from tests.statement.conftest import build_register, publish_now, resolve_conflict

pytestmark = pytest.mark.slow


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_web_process_serves_the_pdf_the_worker_process_rendered(
    make_app,
    tmp_path,
    worker_process,  # noqa: F811
):
    shutdown_workers()  # whatever earlier tests in this process started
    app = make_app(QUEUE_URL=f"sqlite:///{tmp_path / 'jobs.db'}")
    assert pdf_worker._executor is None
    with app.app_context():
        build_register()
        resolve_conflict()
        db.session.commit()
    publish_now(app, run_worker=False)
    client = app.test_client()

    assert client.get("/privacyverklaring").status_code == 200
    waiting = client.get("/privacyverklaring/pdf")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "30"

    worker = worker_process(app, "--burst")  # a separate process: the host's PDF workers
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output

    for url in ("/privacyverklaring/pdf", "/privacyverklaring/versies/1/pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert "Privacyverklaring" in _pdf_text(response.data)
    assert pdf_worker._executor is None  # no PDF process was ever started in this one
