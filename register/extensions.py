"""Flask extensions, created unbound and bound in create_app()."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

# Flask-SQLAlchemy's `db` on our typed Base; it lives in register/db.py beside the typing
# workaround it needs (models subclass `register.db.Model`).
from register.db import db

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]

migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
