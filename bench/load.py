"""Load on the school portal under gunicorn, measured with a real HTTP load generator (wrk).

    .venv/bin/python -m bench.load [--seconds 10] [--connections 8] [--workers 2]
                                   [--rounds 3] [--database-url postgresql://...]

Builds a copy of the demo register (migrations + `flask demo`) in a temporary SQLite file,
or in the PostgreSQL database given (which it empties first), starts gunicorn with the real
app in production mode and, on a second port, gunicorn with a bare Flask app
(`bench.load_bare`: a page of 50 rows, `send_file` of the same PDF). The demo contract
manager of Dorpsveld signs in over HTTP; wrk then loads, in one run and in turn (in rounds,
taking the median per target):

- the portal's agreement list, the agreement page and the stored agreement PDF (audited);
- the bare page of 50 rows and the bare `send_file` of the same PDF bytes.

Prints requests per second and the ratios portal/bare (target: at least 0.25x). Absolute
figures move with the machine's load: compare the ratios of one run.

Last figures (`--seconds 10 --rounds 3`, SQLite, 2 shared cores busy with other work): two
pairs of runs, before and after the issue-9 changes, each pair minutes apart. The machine's
load moved between the runs of a pair (see the bare figures), and the ratios with it:

    pair 1 before: list 60 req/s, page 28, download 103; bare page 453, send_file 1622
                   ratios list 0.13x, agreement page 0.06x, download 0.06x
           after:  list 146 req/s, page 71, download 250; bare page 753, send_file 1880
                   ratios list 0.19x, agreement page 0.09x, download 0.13x
    pair 2 before: list 120 req/s, page 63, download 175; bare page 583, send_file 1826
                   ratios list 0.21x, agreement page 0.11x, download 0.10x
           after:  list 171 req/s, page 138, download 317; bare page 967, send_file 2652
                   ratios list 0.18x, agreement page 0.14x, download 0.12x

(An earlier run on a quiet machine: list 0.30x, agreement page 0.19x, download 0.11x.) The
agreement page and the download stay under 0.25x. Where a gunicorn worker's time goes (py-spy,
after): agreement page: loading the agreement with parties, products and signatures 24%, the
history's events 11%, drift 8%, documents 7%, the user 4%, template rendering 20%, forms 9%,
gunicorn/Flask/session the rest; download: gunicorn writing the 84 KB 12%, the user 9%, the
document 15%, the audit entry (lock, last hash, insert) 7%, waiting for the one SQLite writer
9%, the commit 8%, Flask/session the rest. The bare references do none of this.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from register.config import PROJECT_ROOT
from register.demo.accounts import DEMO_PASSWORD

USER = "contract@sko-dorpsveld.example"  # no second factor: not a signatory
SECRET = "bench-load-secret-key-0123456789abcdef0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_environment(database_url: str, instance: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REGISTER_ENV": "production",
        "REGISTER_SECRET_KEY": SECRET,
        "REGISTER_DATABASE_URL": database_url,
        "REGISTER_SESSION_COOKIE_SECURE": "false",  # plain HTTP on 127.0.0.1
        "REGISTER_RATELIMIT_ENABLED": "false",  # measure the pages, not the limiter
        "REGISTER_QUEUE_URL": f"sqlite:///{instance / 'jobs.db'}",
        "REGISTER_PUBLIC_BASE_URL": "http://127.0.0.1",
    }


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-m", "flask", "--app", "register", *args],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_database(database_url: str | None, folder: Path) -> str:
    """A fresh copy of the demo register; its URL."""
    url = database_url or f"sqlite:///{folder / 'demo.db'}"
    if database_url:
        import sqlalchemy as sa

        engine = sa.create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    env = app_environment(url, folder)
    flask(env, "db", "upgrade")
    flask(env, "demo")
    return url


def start_gunicorn(
    app: str, port: int, workers: int, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
        [
            sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "1",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app,
        ],
        cwd=PROJECT_ROOT,
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn {app} did not start")


def request(
    port: int, method: str, path: str, cookie: str = "", body: str = ""
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    connection.close()
    return response.status, {"cookie": "; ".join(cookies), **dict(response.getheaders())}, data


def sign_in(port: int) -> str:
    """The session cookie of the demo contract manager, signed in through the form."""
    status, headers, page = request(port, "GET", "/aanmelden")
    assert status == 200, status
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None, "no CSRF token on the sign-in page"
    body = urllib.parse.urlencode(
        {"csrf_token": token.group(1).decode(), "email": USER, "password": DEMO_PASSWORD}
    )
    status, signed_in, _ = request(port, "POST", "/aanmelden", headers["cookie"], body)
    assert status == 302, f"sign-in answered {status}"
    return signed_in["cookie"]


def wrk(url: str, seconds: int, connections: int, cookie: str = "") -> float:
    """Requests per second wrk reaches on `url` (non-2xx answers make it fail)."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    finished = subprocess.run(  # noqa: S603  (wrk with our arguments)
        [*command, url], capture_output=True, text=True, check=True
    )
    output = finished.stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found is not None, output
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        print("Preparing a copy of the demo register ...", flush=True)
        url = prepare_database(options.database_url, folder)
        env = app_environment(url, folder)
        app_port, bare_port = free_port(), free_port()
        processes.append(start_gunicorn("register:create_app()", app_port, options.workers, env))
        cookie = sign_in(app_port)
        status, _, listing = request(app_port, "GET", "/portaal/", cookie)
        assert status == 200, status
        agreement = re.search(rb'href="/portaal/(\d+)"', listing)
        assert agreement is not None, "no agreement in the portal list"
        agreement_page = f"/portaal/{agreement.group(1).decode()}"
        download = f"{agreement_page}/document/overeenkomst"
        status, _, pdf = request(app_port, "GET", download, cookie)
        assert status == 200 and pdf.startswith(b"%PDF"), status
        (folder / "agreement.pdf").write_bytes(pdf)
        processes.append(
            start_gunicorn(
                "bench.load_bare:app",
                bare_port,
                options.workers,
                {**env, "BENCH_PDF": str(folder / "agreement.pdf")},
            )
        )
        base, bare = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
        runs = [
            ("portal list", f"{base}/portaal/", cookie),
            ("agreement page", f"{base}{agreement_page}", cookie),
            ("stored download (audited)", f"{base}{download}", cookie),
            ("bare page, 50 rows", f"{bare}/rows", ""),
            ("bare send_file, same PDF", f"{bare}/file", ""),
        ]
        print(
            f"gunicorn --workers {options.workers}; wrk -c {options.connections} "
            f"-d {options.seconds}s; database {url.split(':', 1)[0]}; PDF {len(pdf)} bytes"
        )
        # Rounds over all targets, the median per target: the machine's load moves between
        # runs, and interleaving spreads it over every target alike.
        samples: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        for _ in range(options.rounds):
            for name, target, session in runs:
                samples[name].append(wrk(target, options.seconds, options.connections, session))
        rates = {name: statistics.median(values) for name, values in samples.items()}
        for name, rate in rates.items():
            print(f"  {name:28s} {rate:9.1f} req/s (median of {options.rounds})", flush=True)
        page, file = rates["bare page, 50 rows"], rates["bare send_file, same PDF"]
        print("Ratios (target >= 0.25x)")
        for name, reference in (
            ("portal list", page),
            ("agreement page", page),
            ("stored download (audited)", file),
        ):
            print(f"  {name:28s} {rates[name] / reference:6.2f}x")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
