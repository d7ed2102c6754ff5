"""The application's floor for bench/load.py: the bare page's 50 rows, served by the real app.

gunicorn 'bench.load_floor:app'   (with the same REGISTER_* settings as the app under test)

Two signed-in pages that do nothing of their own, so that the load run can say how much of
a portal page is the page's own work and how much every page of this application pays:

- `/vloer/rijen`: the bare page's template, behind `require()`. It pays what any request
  to the app pays before and after its view: the session cookie, loading the user with
  their organisations, the session time-outs, the rate limiter, CSRF and the security headers.
- `/vloer/opmaak`: the same rows inside `base.html`, as every page of the app shows them:
  the navigation (a permission check and a translated label per item), the user menu, the
  language switch and their CSRF tokens.

The templates are compiled once, as the bare page's is. This app is the real one with one
blueprint added; nothing of it is used outside the benchmark.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from bench.load_bare import PAGE, ROWS
from register import create_app
from register.auth.access import require

floor = Blueprint("bench_floor", __name__)
app = create_app()
ROWS_PAGE = app.jinja_env.from_string(PAGE)
LAYOUT_PAGE = app.jinja_env.from_string(
    '{% extends "base.html" %}{% block title %}Overeenkomsten{% endblock %}'
    "{% block content %}" + PAGE.split("<body>", 1)[1].split("</body>", 1)[0] + "{% endblock %}"
)


@floor.get("/vloer/rijen")
@require()
def rows() -> str:
    return render_template(ROWS_PAGE, rows=ROWS)


@floor.get("/vloer/opmaak")
@require()
def layout() -> str:
    return render_template(LAYOUT_PAGE, rows=ROWS)


app.register_blueprint(floor)
