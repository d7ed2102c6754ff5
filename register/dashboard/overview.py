"""The whole dashboard: register panels, agreement panels and the charts drawn from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.dashboard.agreement_stats import AgreementPanels, agreement_panels
from register.dashboard.charts import BarChart, bar_chart
from register.dashboard.services import RegisterPanels, register_panels


@dataclass(frozen=True)
class Dashboard:
    register: RegisterPanels
    agreements: AgreementPanels
    charts: list[BarChart]


def _charts(register: RegisterPanels, agreements: AgreementPanels) -> list[BarChart]:
    counts = register.counts
    charts = [
        bar_chart(
            "completeness",
            _("Volledigheid van de verwerkingen (actief en concept)"),
            [(_("Volledig"), counts.complete), (_("Onvolledig"), counts.incomplete)],
        ),
        bar_chart(
            "reviews",
            _("Herzieningen (actief en concept)"),
            [
                (_("Te laat"), counts.review_overdue),
                (_("Binnen 30 dagen"), counts.review_due),
                (_("Later"), counts.review_later),
                (_("Geen datum"), counts.review_missing),
            ],
        ),
    ]
    charts.append(
        bar_chart(
            "agreements",
            _("Verwerkersovereenkomsten per status"),
            [(row.label, row.count) for row in agreements.by_state],
        )
    )
    return charts


def build_dashboard(session: Session, *, today: dt.date, page: int = 1) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries."""
    register = register_panels(session, today=today, page=page)
    agreements = agreement_panels(session, today=today)
    return Dashboard(register=register, agreements=agreements, charts=_charts(register, agreements))
