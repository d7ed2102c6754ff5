"""The documents check: what the register would put into the documents, item by item.

`findings.py` reads the current register and lists every art. 30(1)/(2) item, art. 28(3)
element and leaflet field that is empty, a placeholder or contradicted by the register, with
where it comes from; blocking findings refuse sending an agreement
(`register.agreements.lifecycle.send_agreement`) and publishing the privacy statement
(`register.statement.publishing.publish_statement`). `cli.py` is `flask documents check`,
`views.py` the same report on a staff page.
"""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documenten")
