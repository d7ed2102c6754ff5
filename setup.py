"""Packaging beyond what pyproject.toml can say: the top-level data folders in the wheel.

`templates/`, `static/` and `agreements/` stay at the top of the repository, but the wheel
ships them inside the package as `register/data/<folder>`, where `register.config.
package_folder` finds them (an editable install reads them in the checkout instead).
"""

from setuptools import find_packages, setup

DATA_FOLDERS = ("templates", "static", "agreements")

setup(
    packages=[
        *find_packages(include=["register", "register.*"]),
        *(f"register.data.{folder}" for folder in DATA_FOLDERS),
    ],
    package_dir={f"register.data.{folder}": folder for folder in DATA_FOLDERS},
    package_data={
        "register": [
            "translations/*/LC_MESSAGES/*.po",
            "translations/*/LC_MESSAGES/*.mo",
            "migrations/README",
            "migrations/alembic.ini",
            "migrations/script.py.mako",
            "migrations/*.py",
            "migrations/versions/*.py",
        ],
        "register.pdf": ["assets/*.css", "assets/fonts/*"],
        "register.texts": ["*.json"],
        **{f"register.data.{folder}": ["**/*"] for folder in DATA_FOLDERS},
    },
)
