"""The auth pages: sign-in and own account, the second factor, and the language switch.

- `sign_in.py` — home, sign-in with the password, sign-out, own account, one-time links.
- `second_factor.py` — the code after the password, setting up an authenticator app,
  recovery codes, and confirming again before signing (step-up).
- `language.py` — the Dutch/English switch in the footer.
"""

from register.auth.views import language, second_factor, sign_in

__all__ = ["language", "second_factor", "sign_in"]
