"""`make bench`: measure QualiForma against baselines taken in the same run.

It creates a database of its own (`qualiforma_bench`, next to the embedded
one or to DATABASE_URL's), serves the product with gunicorn as production
would, loads it from a separate process (bench/load.py), prints a table and
writes the figures as JSON to $BENCH_OUT, and exits with status 1 when a
row misses its goal (`make bench` then exits with make's own 2). It drops
the database and stops the server however it ends. The counts scale down
through the BENCH_* variables below for a quick run; counts that would
leave an item without data stop it before anything is created.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "bench"


ITEMS = range(1, 7)
# bench/fixtures.py provisions one tenant before any count is reached.
FIXTURE_TENANTS = 1


def _env_int(environ, name, default, minimum=1):
    text = environ.get(name, "")
    try:
        value = int(text) if text.strip() else default
    except ValueError:
        raise ValueError(f"{name}={text!r}: not a whole number") from None
    if value < minimum:
        # A count of none would leave an item without data, and run the
        # rest for nothing.
        raise ValueError(f"{name}={text!r}: must be at least {minimum}")
    return value


def parse_only(text):
    """The numbered items of the table to run, from e.g. "1,5"; all of them
    when `text` is empty."""
    if not text.strip():
        return list(ITEMS)
    try:
        items = {int(part) for part in text.split(",") if part.strip()}
    except ValueError:
        items = set()
    if not items or not items <= set(ITEMS):
        raise ValueError(f"BENCH_ONLY={text!r}: name items 1 to 6, e.g. BENCH_ONLY=1,5")
    return sorted(items)


def count_error(config):
    """Why the tenant counts would leave an item without data, or None.

    Items 4 to 6 grow the tenants to BENCH_TENANTS_SMALL, then to
    BENCH_TENANTS; those that exist first (the fixtures' and, for item 4,
    the BENCH_PROVISION_MIGRATING ones) count towards both, so the small
    count may be reached already, but the large one must add tenants.
    """
    only = set(config["only"])
    if not only & {4, 5, 6}:
        return None
    migrating = config["provision_migrating"]
    if 4 in only and migrating < 1:
        return f"BENCH_PROVISION_MIGRATING={migrating}: item 4 needs at least 1"
    first = FIXTURE_TENANTS + (migrating if 4 in only else 0)
    small, large = config["tenants_small"], config["tenants"]
    if large <= max(small, first):
        why = "the fixtures' tenant"
        if 4 in only:
            why += f" and BENCH_PROVISION_MIGRATING={migrating}"
        return (
            f"BENCH_TENANTS={large} must exceed BENCH_TENANTS_SMALL={small} "
            f"and the {first} tenant(s) provisioned first ({why})"
        )
    return None


def load_config(environ):
    """The run's settings from the BENCH_* variables; ValueError names the
    first one that makes no sense."""
    config = {
        "port": _env_int(environ, "BENCH_PORT", 8056),
        "workers": _env_int(environ, "BENCH_WORKERS", 3),
        "concurrency": _env_int(environ, "BENCH_CONCURRENCY", 4),
        "requests": _env_int(environ, "BENCH_REQUESTS", 1200),
        "seconds": _env_int(environ, "BENCH_SECONDS", 25),
        "growth_requests": _env_int(environ, "BENCH_GROWTH_REQUESTS", 600),
        "tenants_small": _env_int(environ, "BENCH_TENANTS_SMALL", 50),
        "tenants": _env_int(environ, "BENCH_TENANTS", 500),
        "provision_migrating": _env_int(
            environ, "BENCH_PROVISION_MIGRATING", 5, minimum=0
        ),
        "database": environ.get("BENCH_DATABASE") or "qualiforma_bench",
        "only": parse_only(environ.get("BENCH_ONLY", "")),
    }
    error = count_error(config)
    if error:
        raise ValueError(error)
    return config


def _bench_database_url(config):
    url = os.environ.get("DATABASE_URL")
    if not url:
        from qualiforma.embedded_db import embedded_database_url

        url = embedded_database_url(BASE_DIR / "var" / "pgdata")
    parts = urlsplit(url)
    return (
        urlunsplit(parts._replace(path=f"/{config['database']}")),
        urlunsplit(parts._replace(path="/postgres")),
    )


def _recreate_database(database, maintenance_url, drop_only=False):
    import psycopg
    from psycopg import sql

    name = sql.Identifier(database)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _port_is_free(port):
    with socket.socket() as probe:
        # As gunicorn binds: a port left in TIME_WAIT by the last run is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _exit_on_sigterm(signum, frame):
    # SystemExit unwinds through the `finally` below, which stops the
    # server (in a session of its own) and drops the bench database.
    sys.exit(128 + signum)


def _git(*args):
    try:
        result = subprocess.run(
            ["git", *args], cwd=BASE_DIR, capture_output=True, text=True, timeout=30
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def run_info():
    """What two runs' JSON must show to be compared: the code and the load
    the machine was under when the run started."""
    status = _git("status", "--porcelain")
    return {
        "commit": _git("rev-parse", "HEAD"),
        "dirty": None if status is None else bool(status),
        "cpu_count": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }


def main():
    try:
        config = load_config(os.environ)
    except ValueError as error:
        # Before anything is created: no database, no server.
        sys.exit(str(error))
    if not _port_is_free(config["port"]):
        sys.exit(
            f"Port {config['port']} is in use (another bench?); "
            "set BENCH_PORT to a free one."
        )
    info = run_info()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    database_url, maintenance_url = _bench_database_url(config)
    _recreate_database(config["database"], maintenance_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualiforma.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from bench import scenarios
    from bench.server import Server

    server = Server(config, database_url, WORK_DIR)
    try:
        results = scenarios.run_all(config, server, WORK_DIR)
    finally:
        server.stop()
        from django.db import connections

        connections.close_all()
        _recreate_database(config["database"], maintenance_url, drop_only=True)

    from bench.report import print_table, write_json

    print_table(results)
    out = os.environ.get("BENCH_OUT") or str(
        BASE_DIR / "bench" / "results" / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    )
    info["loadavg_end"] = os.getloadavg()
    write_json(out, config, info, results)
    print(f"\nResults written to {out}")
    return below_goal(results["rows"])


def below_goal(rows):
    """One line naming the rows that miss their goal, or None."""
    below = [row for row in rows if row["ok"] is False]
    if not below:
        return None
    items = "; ".join(f"{row['item']} ({row['metric']})" for row in below)
    return f"BELOW GOAL: {len(below)} row(s): {items}"


if __name__ == "__main__":
    started = time.monotonic()
    verdict = main()
    print(f"Bench took {time.monotonic() - started:.0f} s")
    if verdict:
        # On stderr, with exit status 1.
        sys.exit(verdict)
