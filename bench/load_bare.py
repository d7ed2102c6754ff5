"""The bare Flask reference for bench/load.py: a page of 50 rows and `send_file` of a PDF.

gunicorn bench.load_bare:app   (BENCH_PDF names the PDF file to send)
"""

from __future__ import annotations

import os

from flask import Flask, render_template_string, send_file
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


@app.get("/rows")
def rows() -> str:
    return render_template_string(PAGE, rows=ROWS)


@app.get("/file")
def file() -> Response:
    return send_file(
        os.environ["BENCH_PDF"],
        mimetype="application/pdf",
        as_attachment=True,
        download_name="overeenkomst.pdf",
    )
