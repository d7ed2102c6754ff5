"""Second factors: an authenticator app (TOTP), passkeys, recovery codes, and when they are asked.

The way through:

- `encryption.py` — TOTP secrets are stored encrypted (Fernet) with a key derived from
  `FACTOR_ENCRYPTION_KEY` (or the secret key when that is not set).
- `totp.py` — secrets, the `otpauth://` URI and its QR code drawn as SVG on the server, and
  checking a code against the last accepted step (a code works once).
- `passkeys.py` — passkeys and security keys (WebAuthn): the relying party from config,
  single-use challenges kept on the server, the two ceremonies and the signature counter.
- `recovery.py` — ten single-use recovery codes, stored as SHA-256 hashes.
- `services.py` — enrolment, verification of a code or a passkey (with one failed-attempt
  limit for both), reset by an admin and new recovery codes; every change is an audit event.
- `session.py` — the sign-in in two steps (password, then code; the user is not signed in
  before the code), the time of the last code given, and the step-up that signing asks for.

Who must have a second factor is a predicate in `register/auth/permissions.py`
(`must_have_second_factor`); the pages are in `register/auth/views/second_factor.py` and
`register/auth/views/passkeys.py`.
"""
