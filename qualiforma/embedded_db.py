"""Start the embedded PostgreSQL that serves when DATABASE_URL is unset.

The `pgserver` wheel ships the server binaries. The data lives in a
git-ignored folder of the checkout, and the server stops when the last
process that asked for it exits.
"""

import json
import logging
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE_NAME = "qualiforma"


def embedded_database_url(data_dir: Path) -> str:
    """Return the URL of the embedded server, starting it when needed."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; it falls back fine.
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        with pgserver.PostgresServer._lock:
            _prune_handles(data_dir / ".handle_pids.json")
        server = pgserver.get_server(data_dir, cleanup_mode="stop")

    _create_database(server.get_uri("postgres"), DATABASE_NAME)
    return server.get_uri(DATABASE_NAME)


def _prune_handles(path: Path) -> None:
    """Forget the processes that died without saying so.

    pgserver counts its users in this JSON file and stops the server when
    the last one exits. A process killed while writing it leaves it empty
    (and every later start fails to parse it); one killed outright leaves
    its pid behind (and the server never stops).
    """
    import psutil

    if not path.exists():
        return
    try:
        pids = json.loads(path.read_text())
    except ValueError:
        pids = None
    if not isinstance(pids, list):
        pids = []
        path.write_text("[]")
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        logger.warning(
            "Embedded PostgreSQL: forgot %d dead handle(s)", len(pids) - len(alive)
        )
        path.write_text(json.dumps(alive))


def _create_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            # Another process created it between our check and our CREATE.
            return
        logger.info("Created the embedded database %s", name)
