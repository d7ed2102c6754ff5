"""The register as a PDF for the supervisory authority, rendered by `register.pdf`."""

from __future__ import annotations

from flask import current_app, render_template

from register.exchange.columns import DPIA_LABELS, KIND_LABELS, ROLE_LABELS, STATUS_LABELS
from register.exchange.dataset import RegisterData
from register.pdf import render_in_worker


def register_html(data: RegisterData) -> str:
    """The HTML of the register document: cover, contents, one section per activity."""
    return render_template(
        "exchange/register_pdf.html",
        data=data,
        organisation=data.organisation or {},
        controller_records=data.controller_records,
        processor_records=data.processor_records,
        labels={
            "role": ROLE_LABELS,
            "status": STATUS_LABELS,
            "dpia": DPIA_LABELS,
            "kind": KIND_LABELS,
        },
    )


def export_pdf(data: RegisterData) -> bytes:
    """The register as PDF bytes (rendered in a worker process with a timeout)."""
    timeout = float(current_app.config["EXPORT_PDF_TIMEOUT"])
    return render_in_worker(register_html(data), timeout=timeout)
