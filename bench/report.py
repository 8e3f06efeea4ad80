"""The table `make bench` prints, and the JSON it leaves behind."""

import json
import math
import platform
from datetime import UTC, datetime
from pathlib import Path

HEADER = ("item", "metric", "product", "baseline", "ratio", "goal", "")


def _figure(value, unit):
    if isinstance(value, int) and not unit:
        return str(value)
    if value >= 100:
        text = f"{value:.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def _line(row):
    verdict = {True: "ok", False: "BELOW GOAL", None: ""}[row["ok"]]
    return (
        row["item"],
        row["metric"],
        _figure(row["product"], row["unit"]),
        _figure(row["baseline"], row["unit"]),
        # Three decimals, so that a ratio just short of its goal (0.598
        # for >= 0.6) does not print as meeting it.
        f"{row['ratio']:.3f}",
        row["goal"] or "",
        verdict,
    )


def _item_number(row):
    return int(row["item"].split(" ", 1)[0])


def print_table(results):
    # Items run in the order their data allows (5's lessons before 4), and
    # show in the order of their numbers; the sort keeps each item's rows.
    rows = sorted(results["rows"], key=_item_number)
    lines = [HEADER] + [_line(row) for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    for number, line in enumerate(lines):
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(line, widths, strict=True)
            )
        )
        if number == 0:
            print("  ".join("-" * width for width in widths))
    print(
        "\nratio: throughput product / baseline; latency baseline / product "
        "(speed, higher is better);\ngrowth and provisioning product / baseline "
        "(lower is better);\nmigrate_schemas: seconds per schema at the large "
        "count over the small one, each run's\nfixed cost (a `--shared` run, "
        "no tenant schema) taken off first: (t - fixed) / schemas;"
        "\nschema counts over the schemas checked."
    )
    for item, count in results["details"].get("errors", {}).items():
        print(f"errors: {item}: {count}")


def finite(value):
    """`value` with every NaN or infinity (a side with no successful request
    has no latency) as None, since JSON has no such numbers."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def write_json(path, config, run, results):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "finished_at": datetime.now(UTC).isoformat(),
        "machine": {"python": platform.python_version(), "node": platform.node()},
        "run": run,
        "config": config,
        **results,
    }
    # allow_nan=False: should a NaN slip past finite(), fail loudly rather
    # than write a file other JSON readers reject.
    path.write_text(
        json.dumps(finite(document), indent=2, default=str, allow_nan=False)
    )
