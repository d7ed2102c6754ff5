"""E-mail: recorded per recipient, rendered from templates, delivered over SMTP by a job.

The way through:

- `services.send_mail(...)` is the one way to send: it renders `templates/mail/<name>.*`
  (`rendering.py`) per recipient in their language, records a `Message` with its content
  (`models.py`), flushes, and queues the delivery after the commit; a message nobody can
  receive is refused with `errors.NoRecipient`.
- `delivery.py` is the job: claim the message, send it over SMTP (`REGISTER_MAIL_URL`),
  mark it sent, or count the attempt and retry with back-off until it is marked failed.
- `links.py` builds absolute portal links for messages (`PUBLIC_BASE_URL`); messages carry
  links, never attachments with personal data.
- `sink.py` is the development SMTP server behind `make run`: every message is written to
  `instance/mail/`, and `views.py` lists them at /ontwikkeling/mail (404 in production).
"""

from flask import Blueprint

bp = Blueprint("mail", __name__, url_prefix="/ontwikkeling/mail")
