"""The bare Flask reference for bench/load.py: a page of 50 rows and `send_file` of a PDF.

gunicorn bench.load_bare:app   (BENCH_PDF names the PDF file to send)

The page is a named template, compiled once and cached by Jinja as `render_template` does for
any Flask app's template files. (Until 5 December 2026 it was `render_template_string`, which
compiles the template on every request: ~4.6 of ~5 ms in-process, which made the reference
page about four times slower than a bare Flask page and flattered the page ratios.)
"""

from __future__ import annotations

import os

from flask import Flask, render_template, send_file
from jinja2 import DictLoader
from werkzeug.wrappers import Response

app = Flask(__name__)

ROWS = [
    {"number": f"VO-2026-{i:04d}", "school": f"Schoolbestuur {i:03d}", "state": "ondertekend"}
    for i in range(1, 51)
]
PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Overeenkomsten</title>
</head><body><table><thead><tr><th>Nummer</th><th>School</th><th>Status</th></tr></thead><tbody>
{% for row in rows %}<tr><td><a href="/rows/{{ row.number }}">{{ row.number }}</a></td>
<td>{{ row.school }}</td><td>{{ row.state }}</td></tr>{% endfor %}</tbody></table></body></html>"""
app.jinja_loader = DictLoader({"rows.html": PAGE})


@app.get("/rows")
def rows() -> str:
    return render_template("rows.html", rows=ROWS)


@app.get("/file")
def file() -> Response:
    return send_file(
        os.environ["BENCH_PDF"],
        mimetype="application/pdf",
        as_attachment=True,
        download_name="overeenkomst.pdf",
    )
