"""The auth pages: sign-in and own account, the second factor, and the language switch.

- `sign_in.py` — home, sign-in with the password, sign-out, own account, one-time links.
- `second_factor.py` — the code after the password, setting up an authenticator app,
  recovery codes, and confirming again before signing (step-up).
- `passkeys.py` — adding and removing passkeys, and using one after the password or to
  confirm before signing (JSON requests from `static/js/passkeys.js`).
- `sso.py` — single sign-on: to the school board's identity provider and back.
- `language.py` — the Dutch/English switch in the footer.
"""

from register.auth.views import language, passkeys, second_factor, sign_in, sso

__all__ = ["language", "passkeys", "second_factor", "sign_in", "sso"]
