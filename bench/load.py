"""A small load generator, run as its own process by `bench.run`.

It reads a plan as JSON on stdin, sends its requests over loopback from a
few threads, each on a connection of its own, and writes what it measured
as JSON on stdout. It stops after `max_requests` or `max_seconds`,
whichever comes first.

    {"port": 8056, "concurrency": 4, "max_requests": 2000, "max_seconds": 30,
     "warmup": 40, "expect": 201, "headers": {...},
     "requests": [{"method": "POST", "path": "/api/…", "body": {...}}, …]}

A plan with fewer requests than warmup + max_requests cycles through them;
one that must not repeat a request (each POST creates a row) sets
"cycle": false and stops when they run out.
"""

import http.client
import itertools
import json
import sys
import threading
import time

HOST = "127.0.0.1"


class Plan:
    def __init__(self, spec):
        self.spec = spec
        requests = spec["requests"]
        source = itertools.cycle(requests) if spec.get("cycle", True) else requests
        self._requests = iter(source)
        self._lock = threading.Lock()
        self._left = spec.get("warmup", 0) + spec["max_requests"]

    def next(self):
        with self._lock:
            if self._left <= 0:
                return None
            self._left -= 1
            return next(self._requests, None)


def _send(conn, request, headers):
    body = request.get("body")
    payload = None if body is None else json.dumps(body).encode()
    request_headers = dict(headers)
    if payload is not None:
        request_headers["Content-Type"] = "application/json"
    conn.request(request["method"], request["path"], payload, request_headers)
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("Connection", "")


def _worker(plan, port, results, deadline):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = plan.spec.get("headers", {})
    while time.monotonic() < deadline:
        request = plan.next()
        if request is None:
            break
        started = time.perf_counter()
        try:
            status, connection_header = _send(conn, request, headers)
        except (OSError, http.client.HTTPException):
            status, connection_header = 0, "close"
        results.append((time.perf_counter() - started, status))
        if connection_header.lower() == "close":
            # Gunicorn's sync workers close after each answer.
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.close()


def _percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run(spec):
    plan = Plan(spec)
    port = spec["port"]
    concurrency = spec.get("concurrency", 4)

    warmup = []
    for _ in range(spec.get("warmup", 0)):
        _worker_once(plan, port, warmup)

    results = []
    deadline = time.monotonic() + spec["max_seconds"]
    threads = [
        threading.Thread(target=_worker, args=(plan, port, results, deadline))
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    expected = spec.get("expect", 200)
    latencies = [latency for latency, status in results if status == expected]
    errors = sum(1 for _, status in results if status != expected)
    return {
        "requests": len(results),
        "errors": errors,
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": _ms(_percentile(latencies, 0.50)),
        "p99_ms": _ms(_percentile(latencies, 0.99)),
        "latencies_ms": [_ms(latency) for latency in latencies],
    }


def _worker_once(plan, port, results):
    request = plan.next()
    if request is None:
        return
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        results.append(_send(conn, request, plan.spec.get("headers", {})))
    finally:
        conn.close()


def _ms(seconds):
    return None if seconds is None else seconds * 1000


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
