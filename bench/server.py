"""The product served as in production, and the load generator's process."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


class Server:
    """gunicorn with several workers, DEBUG off, persistent connections."""

    def __init__(self, config, database_url, work_dir):
        self.port = config["port"]
        self.workers = config["workers"]
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "600",
            "DJANGO_DEBUG": "0",
            "QUALIFORMA_BENCH_BASELINE": "1",
            "QUALIFORMA_ACCESS_TOKEN_MINUTES": "180",
        }
        self.log_path = Path(work_dir) / "gunicorn.log"
        self.process = None

    def start(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "qualiforma.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
        ]
        log = self.log_path.open("ab")
        # A session of its own, so that stopping it reaches every worker.
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        self._wait_ready()

    def _wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                status, _ = self.call("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s")

    def call(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            payload = None if body is None else json.dumps(body).encode()
            all_headers = {"Content-Type": "application/json", **(headers or {})}
            conn.request(method, path, payload, all_headers)
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            conn.close()

    def token(self, tenant, email, password):
        status, body = self.call(
            "POST",
            "/api/v1/auth/token",
            {"email": email, "password": password},
            {"X-Tenant-ID": tenant},
        )
        if status != 200:
            raise RuntimeError(f"sign-in failed: {status} {body}")
        return body["data"]["access"]

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def load(plan, timeout):
    """Run one plan in a separate load-generator process."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.load"],
        cwd=BASE_DIR,
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(finished.stdout)
