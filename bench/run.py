"""`make bench`: measure QualiForma against baselines taken in the same run.

It creates a database of its own (`qualiforma_bench`, next to the embedded
one or to DATABASE_URL's), serves the product with gunicorn as production
would, loads it from a separate process (bench/load.py), prints a table and
writes the figures as JSON to $BENCH_OUT, and exits with 1 when a row
misses its goal. It drops the database and stops the server however it
ends. The counts scale down through the BENCH_* variables below for a
quick run.
"""

import os
import signal
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "bench"


def _env_int(name, default):
    return int(os.environ.get(name, default))


def _items(text):
    """The numbered items of the table to run, from e.g. "1,5"."""
    try:
        items = {int(part) for part in text.split(",") if part.strip()}
    except ValueError:
        items = set()
    if not items or not items <= set(range(1, 7)):
        sys.exit(f"BENCH_ONLY={text!r}: name items 1 to 6, e.g. BENCH_ONLY=1,5")
    return sorted(items)


CONFIG = {
    "port": _env_int("BENCH_PORT", 8056),
    "workers": _env_int("BENCH_WORKERS", 3),
    "concurrency": _env_int("BENCH_CONCURRENCY", 4),
    "requests": _env_int("BENCH_REQUESTS", 1200),
    "seconds": _env_int("BENCH_SECONDS", 25),
    "growth_requests": _env_int("BENCH_GROWTH_REQUESTS", 600),
    "tenants_small": _env_int("BENCH_TENANTS_SMALL", 50),
    "tenants": _env_int("BENCH_TENANTS", 500),
    "provision_migrating": _env_int("BENCH_PROVISION_MIGRATING", 5),
    "database": os.environ.get("BENCH_DATABASE", "qualiforma_bench"),
    "only": _items(os.environ.get("BENCH_ONLY", "1,2,3,4,5,6")),
}


def _bench_database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        from qualiforma.embedded_db import embedded_database_url

        url = embedded_database_url(BASE_DIR / "var" / "pgdata")
    parts = urlsplit(url)
    return (
        urlunsplit(parts._replace(path=f"/{CONFIG['database']}")),
        urlunsplit(parts._replace(path="/postgres")),
    )


def _recreate_database(maintenance_url, drop_only=False):
    import psycopg
    from psycopg import sql

    name = sql.Identifier(CONFIG["database"])
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


def main():
    if not _port_is_free(CONFIG["port"]):
        sys.exit(
            f"Port {CONFIG['port']} is in use (another bench?); "
            "set BENCH_PORT to a free one."
        )
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    database_url, maintenance_url = _bench_database_url()
    _recreate_database(maintenance_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualiforma.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from bench import scenarios
    from bench.server import Server

    server = Server(CONFIG, database_url, WORK_DIR)
    try:
        results = scenarios.run_all(CONFIG, server, WORK_DIR)
    finally:
        server.stop()
        from django.db import connections

        connections.close_all()
        _recreate_database(maintenance_url, drop_only=True)

    from bench.report import print_table, write_json

    print_table(results)
    out = os.environ.get("BENCH_OUT") or str(
        BASE_DIR / "bench" / "results" / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    )
    write_json(out, CONFIG, results)
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
