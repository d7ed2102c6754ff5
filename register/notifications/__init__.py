"""Telling people what waits for them: e-mail on every step of an agreement.

The way through:

- `listener.py` is the one mechanism: a session listener notes every new `AgreementEvent`
  (a state change) and every commit that changed register data, and just before that
  transaction commits it calls the rules below, in the same transaction. No view, service,
  import or CLI command has to remember to notify.
- `agreements.py` holds the rules: which step sends which message (`templates/mail/
  agreement_*`) to whom — the school's contract managers, its signatories, or staff.
- `recipients.py` finds them: the school's active users by role; with nobody in the needed
  role, the school's contact address from the register gets an invitation instead.
- `queries.py` answers what pages show: the messages about an agreement with their delivery
  state, agreements whose school has no signatory ("geen ondertekenaar"), failed deliveries.

Messages are sent with `register.mail.services.send_mail`, keyed by the step, so a step
notifies once however often its transaction is retried.
"""
