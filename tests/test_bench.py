"""The benchmark's pure functions; no server, no bench database."""

import json
import math
import os

import pytest

from bench.measure import safe_ratio
from bench.report import finite, print_table, write_json
from bench.rollout import per_schema_ratio
from bench.run import below_goal, count_error, load_config, parse_only, run_info


def _row(item, ok):
    return {"item": item, "metric": "throughput", "ok": ok}


def test_below_goal_is_none_when_no_row_misses():
    assert below_goal([_row("1", True), _row("5 raw", None)]) is None
    assert below_goal([]) is None


def test_below_goal_names_the_rows_that_miss():
    verdict = below_goal([_row("1", False), _row("2", True), _row("3", False)])

    assert verdict == "BELOW GOAL: 2 row(s): 1 (throughput); 3 (throughput)"


@pytest.mark.parametrize(
    "text, items",
    [
        ("", [1, 2, 3, 4, 5, 6]),
        ("  ", [1, 2, 3, 4, 5, 6]),
        ("6", [6]),
        ("5,1", [1, 5]),
        ("4, 6,", [4, 6]),
    ],
)
def test_parse_only(text, items):
    assert parse_only(text) == items


@pytest.mark.parametrize("text", ["0", "7", "1,x", ",", "all"])
def test_parse_only_refuses_other_items(text):
    with pytest.raises(ValueError, match="BENCH_ONLY"):
        parse_only(text)


def _config(only, small, large, migrating=5):
    return {
        "only": only,
        "tenants_small": small,
        "tenants": large,
        "provision_migrating": migrating,
    }


@pytest.mark.parametrize(
    "config",
    [
        _config([1, 2, 3], 0, 0),
        # The small count reached already by the 6 provisioned first.
        _config([4, 6], 5, 20),
        _config([4], 6, 7),
        _config([5, 6], 1, 2),
        _config([1, 2, 3, 4, 5, 6], 50, 500),
    ],
)
def test_counts_that_give_every_item_data(config):
    assert count_error(config) is None


@pytest.mark.parametrize(
    "config, names",
    [
        # The tester's crash: bench-a and 5 migrating tenants reach 6.
        (_config([4], 3, 6), "BENCH_TENANTS=6"),
        (_config([6], 20, 20), "BENCH_TENANTS=20"),
        (_config([5], 1, 1), "BENCH_TENANTS=1"),
        (_config([4], 5, 20, migrating=0), "BENCH_PROVISION_MIGRATING=0"),
    ],
)
def test_counts_that_would_leave_an_item_empty(config, names):
    error = count_error(config)

    assert error is not None
    assert names in error
    assert "\n" not in error


def test_load_config_refuses_bad_counts_before_anything():
    with pytest.raises(ValueError, match="BENCH_TENANTS=6"):
        load_config(
            {"BENCH_ONLY": "4", "BENCH_TENANTS_SMALL": "3", "BENCH_TENANTS": "6"}
        )
    with pytest.raises(ValueError, match="BENCH_PORT='x'"):
        load_config({"BENCH_PORT": "x"})
    with pytest.raises(ValueError, match="BENCH_REQUESTS='0': must be at least 1"):
        load_config({"BENCH_REQUESTS": "0"})


def test_load_config_defaults_and_empty_only():
    config = load_config({"BENCH_ONLY": ""})

    assert config["only"] == [1, 2, 3, 4, 5, 6]
    assert (config["tenants_small"], config["tenants"]) == (50, 500)
    assert config["database"] == "qualiforma_bench"


def test_per_schema_ratio_takes_the_fixed_cost_off():
    # 1.2 s fixed, then 0.1 s per schema at both counts: linear, ratio 1.
    small = (1.2 + 0.1 * 51, 1.2, 51)
    large = (1.2 + 0.1 * 501, 1.2, 501)

    assert per_schema_ratio(small, large) == pytest.approx(1.0)
    # The old formula passed this easily; quadratic growth must not.
    naive = (large[0] / small[0]) / (large[2] / small[2])
    worse = (1.2 + 0.12 * 501, 1.2, 501)
    assert naive < 1.0
    assert per_schema_ratio(small, worse) == pytest.approx(1.2)


def test_per_schema_ratio_is_nan_when_the_small_run_is_lost_in_noise():
    assert math.isnan(per_schema_ratio((1.1, 1.2, 6), (3.0, 1.2, 21)))


def test_safe_ratio_is_nan_over_zero():
    assert safe_ratio(3.0, 2.0) == 1.5
    assert math.isnan(safe_ratio(3.0, 0.0))


def test_json_holds_null_for_nan(tmp_path):
    nan = float("nan")
    assert finite({"a": [nan, 1.0, (math.inf, 2)], "b": "x"}) == {
        "a": [None, 1.0, [None, 2]],
        "b": "x",
    }
    path = tmp_path / "out.json"

    write_json(
        path,
        {"only": [1]},
        {"commit": "abc", "loadavg_start": (0.5, 0.4, 0.3)},
        {"rows": [{"ratio": nan}], "details": {"load": {"p50_ms": nan}}},
    )

    document = json.loads(path.read_text())
    assert document["rows"][0]["ratio"] is None
    assert document["details"]["load"]["p50_ms"] is None
    assert document["run"]["commit"] == "abc"


def test_run_info_names_the_commit_and_the_machine():
    info = run_info()

    assert info["commit"] is None or len(info["commit"]) == 40
    assert info["dirty"] in (True, False, None)
    assert info["cpu_count"] == os.cpu_count()
    assert len(info["loadavg_start"]) == 3


def test_the_table_shows_items_in_the_order_of_their_numbers(capsys):
    def row(item, metric):
        return {
            "item": item,
            "metric": metric,
            "unit": "ms",
            "product": 1.0,
            "baseline": 1.0,
            "ratio": 1.0,
            "goal": None,
            "ok": None,
        }

    print_table(
        {
            "rows": [
                row("5 progress, 20 → 2,000 lessons", "first of 5"),
                row("4 provision a tenant", "only of 4"),
                row("5 progress, 1 → 500 tenants", "second of 5"),
            ],
            "details": {},
        }
    )

    printed = capsys.readouterr().out
    order = [printed.index(metric) for metric in ("of 4", "first of 5", "second")]
    assert order == sorted(order)


def test_a_ratio_just_short_of_its_goal_does_not_print_as_meeting_it(capsys):
    row = {
        "item": "1 POST /enrollments",
        "metric": "throughput",
        "unit": "req/s",
        "product": 598.0,
        "baseline": 1000.0,
        "ratio": 0.598,
        "goal": ">= 0.6",
        "ok": False,
    }

    print_table({"rows": [row], "details": {}})

    assert "0.598" in capsys.readouterr().out
