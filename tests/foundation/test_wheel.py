"""The wheel runs outside the checkout: build it, install it into a fresh virtual environment
and, from an empty folder, migrate, load the demo, check the agreement texts and serve pages.

Offline: the wheel is built without build isolation and installed with --no-deps; the fresh
environment sees this environment's packages (the dependencies) through a .pth file. The
project itself is not importable from there: the editable install's finder is only loaded
by this environment's own site-packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "register",
    "templates",
    "static",
    "agreements",
    "pyproject.toml",
    "setup.py",
    "README.md",
)

# Packaging, not the database: the SQLite suite runs it, the PostgreSQL run of CI need not.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("REGISTER_TEST_DATABASE_URL")),
        reason="packaging only: runs in the SQLite suite",
    ),
]

SERVE = """
import register
from register import create_app

app = create_app()
client = app.test_client()
page = client.get("/aanmelden")
css = client.get("/static/css/app.css")
print(register.__file__)
print(page.status_code, "Aanmelden" in page.get_data(as_text=True), css.status_code)
"""


def _run(python: Path, *args: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh virtual environment with only the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    env = {**os.environ, "PIP_NO_INDEX": "1"}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(work / "dist"), str(source)],
        check=True,
        env=env,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("verwerkingsregister-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site_packages = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        env=env,
        capture_output=True,
    )
    return python


def test_the_installed_wheel_migrates_loads_the_demo_and_serves(installed, tmp_path):
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REGISTER_") and key != "PYTHONPATH"
    }
    env |= {
        "REGISTER_ENV": "development",
        "REGISTER_DATABASE_URL": f"sqlite:///{tmp_path / 'register.db'}",
        "REGISTER_PDF_WORKERS": "1",
    }
    flask = ("-m", "flask", "--app", "register")

    _run(installed, *flask, "db", "upgrade", cwd=empty, env=env)
    demo = _run(installed, *flask, "demo", cwd=empty, env=env)
    check = _run(installed, *flask, "agreements", "check", cwd=empty, env=env)
    served = _run(installed, "-c", SERVE, cwd=empty, env=env).splitlines()

    assert "@" in demo  # the demo accounts are printed
    assert "convenant-4.0" in check
    module, status = served[-2], served[-1]
    assert Path(module).is_relative_to(installed.parent.parent)
    assert not Path(module).is_relative_to(ROOT)
    assert status == "200 True 200"
    assert os.listdir(empty) == []  # nothing was written where it ran
