"""Run load plans against the product and its baseline, and keep the rows
of the table."""

from bench.server import load

WARMUP = 20
# Short runs in turns (ABBA, twice), so that the load other users put on a
# shared machine hits both sides alike.
ORDER = ["baseline", "product", "product", "baseline"] * 2


def at_least(minimum):
    def check(ratio):
        return ratio >= minimum

    check.text = f">= {minimum}"
    return check


def at_most(maximum):
    def check(ratio):
        return ratio <= maximum

    check.text = f"<= {maximum}"
    return check


def between(low, high):
    """Strictly between the bounds."""

    def check(ratio):
        return low < ratio < high

    check.text = f"> {low}, < {high}"
    return check


def safe_ratio(numerator, denominator):
    """numerator / denominator, NaN when the denominator is zero (a side
    with no successful request): the row then misses any goal."""
    if not denominator:
        return float("nan")
    return numerator / denominator


class Runner:
    def __init__(self, config):
        self.config = config
        self.rows = []
        self.details = {}

    def plan(self, requests, *, max_requests, headers=None, expect=200, cycle=True):
        return {
            "port": self.config["port"],
            "concurrency": self.config["concurrency"],
            "max_requests": max_requests,
            "max_seconds": self.config["seconds"],
            "warmup": WARMUP,
            "expect": expect,
            "headers": headers or {},
            "cycle": cycle,
            "requests": requests,
        }

    def compare(self, make_plan, max_requests):
        """Run `make_plan(side, per_round)` for both sides in turns and merge
        each side's rounds."""
        per_round = max(1, max_requests * 2 // len(ORDER))
        runs = {"product": [], "baseline": []}
        timeout = self.config["seconds"] * 2 + 120
        for side in ORDER:
            runs[side].append(load(make_plan(side, per_round), timeout))
        return {side: _merge(side_runs) for side, side_runs in runs.items()}

    def add(
        self, item, metric, unit, product, baseline, ratio, goal=None, goal_on="ratio"
    ):
        """Keep a row; `goal` judges its ratio, or with goal_on="product" the
        product's own figure (an absolute goal such as "under a second")."""
        judged = product if goal_on == "product" else ratio
        if goal is None:
            text = None
        elif goal_on == "product":
            text = f"product {goal.text} {unit}".strip()
        else:
            text = goal.text
        self.rows.append(
            {
                "item": item,
                "metric": metric,
                "unit": unit,
                "product": product,
                "baseline": baseline,
                "ratio": ratio,
                "goal": text,
                "goal_on": goal_on,
                "ok": None if goal is None else goal(judged),
            }
        )

    def add_load(self, item, measured, minimum):
        """Throughput (the goal) and p50 / p99 as speed against the baseline."""
        product, baseline = measured["product"], measured["baseline"]
        self.add(
            item,
            "throughput",
            "req/s",
            product["throughput"],
            baseline["throughput"],
            safe_ratio(product["throughput"], baseline["throughput"]),
            at_least(minimum),
        )
        for key, label in (("p50_ms", "p50"), ("p99_ms", "p99")):
            self.add(
                item,
                f"{label} latency",
                "ms",
                product[key],
                baseline[key],
                safe_ratio(baseline[key], product[key]),
            )
        self.details.setdefault("load", {})[item] = measured
        errors = measured["product"]["errors"] + measured["baseline"]["errors"]
        if errors:
            self.details.setdefault("errors", {})[item] = errors


def _merge(runs):
    latencies = sorted(lat for run in runs for lat in run["latencies_ms"])
    seconds = sum(run["seconds"] for run in runs)

    def percentile(fraction):
        if not latencies:
            return float("nan")
        index = min(len(latencies) - 1, int(round(fraction * (len(latencies) - 1))))
        return latencies[index]

    return {
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "throughput": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
    }
