"""An OpenID Connect provider served in the test process: discovery, authorize, token, JWKS.

It signs ID tokens (RS256) with `authlib.jose` and approves every authorisation request at
once, as a school board's provider does for someone already signed in there. `claims` are
the person's; `tamper` overrides claims of the next ID token (a wrong issuer, audience,
nonce, an expiry in the past) to see the register refuse it.
"""

from __future__ import annotations

import base64
import secrets
import time
from typing import Any
from urllib.parse import urlencode

from authlib.jose import JsonWebKey, jwt
from flask import Flask, jsonify, redirect, request

CLIENT_ID = "verwerkingsregister"
CLIENT_SECRET = "geheim-van-de-client"  # noqa: S105  (a test provider's client secret)


class OidcProvider:
    def __init__(self) -> None:
        self.url = ""  # set once served
        self.key = JsonWebKey.generate_key("RSA", 2048, is_private=True)
        self.kid = "sleutel-1"
        self.claims: dict[str, Any] = {}
        self.tamper: dict[str, Any] = {}
        self._codes: dict[str, dict[str, Any]] = {}
        self.app = self._make_app()

    def _make_app(self) -> Flask:
        app = Flask("test_oidc_provider")

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify(
                issuer=self.url,
                authorization_endpoint=f"{self.url}/authorize",
                token_endpoint=f"{self.url}/token",
                jwks_uri=f"{self.url}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                token_endpoint_auth_methods_supported=["client_secret_basic"],
            )

        @app.get("/authorize")
        def authorize() -> Any:
            args = request.args
            if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
                return jsonify(error="invalid_request"), 400
            code = secrets.token_urlsafe(16)
            self._codes[code] = {"nonce": args.get("nonce"), "redirect_uri": args["redirect_uri"]}
            query = urlencode({"code": code, "state": args.get("state", "")})
            return redirect(f"{args['redirect_uri']}?{query}")

        @app.post("/token")
        def token() -> Any:
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if request.headers.get("Authorization") != f"Basic {expected}":
                return jsonify(error="invalid_client"), 401
            grant = self._codes.pop(request.form.get("code", ""), None)
            if grant is None or grant["redirect_uri"] != request.form.get("redirect_uri"):
                return jsonify(error="invalid_grant"), 400
            now = int(time.time())
            claims = {
                "iss": self.url,
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                **self.claims,
                **self.tamper,
            }
            id_token = jwt.encode({"alg": "RS256", "kid": self.kid}, claims, self.key)
            return jsonify(
                access_token=secrets.token_urlsafe(16),
                token_type="Bearer",
                expires_in=300,
                id_token=id_token.decode(),
            )

        @app.get("/jwks")
        def jwks() -> Any:
            public = self.key.as_dict(is_private=False)
            public["kid"] = self.kid
            return jsonify(keys=[public])

        return app
