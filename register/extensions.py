"""Flask extensions, created unbound and bound in create_app()."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from register.db import Base

# Flask-SQLAlchemy's db.Model is built on our typed Base (flask-sqlalchemy #1186: type
# checkers see `db.Model` as Any; models subclass it and are still fully typed).
db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
