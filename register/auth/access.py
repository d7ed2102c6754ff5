"""View decorators that declare what each endpoint needs.

Every view function carries an `access_rule` attribute; the access-matrix test walks
`app.url_map` and fails for an endpoint without one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from register.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def require(*predicates: Callable[[Any], bool]) -> Callable[[F], F]:
    """Allow a signed-in user for whom every predicate holds; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not all(predicate(current_user) for predicate in predicates):
                abort(403)
            return view(*args, **kwargs)

        wrapped.access_rule = " and ".join(p.__name__ for p in predicates) or "signed_in"  # type: ignore[attr-defined]
        wrapped.access_predicates = predicates  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Mark a view as open to anonymous visitors (sign-in page, invitation links)."""
    view.access_rule = "public"  # type: ignore[attr-defined]
    view.access_predicates = ()  # type: ignore[attr-defined]
    return view
