"""The measurements of `make bench`, in the order they run."""

import logging
import statistics

from django.conf import settings
from django.core.management import call_command

from bench import fixtures, provision
from bench.measure import (
    ORDER,
    WARMUP,
    Runner,
    at_least,
    at_most,
    between,
    safe_ratio,
)
from bench.rollout import Rollout, migrated_state, per_schema_ratio

logger = logging.getLogger(__name__)


class Scenarios:
    def __init__(self, config, server, work_dir):
        self.config = config
        self.server = server
        self.work_dir = work_dir
        self.runner = Runner(config)

    def setup(self):
        call_command("migrate_schemas", executor="standard", verbosity=0)
        # Each side's runs and their warm-ups, each with pairs of its own.
        pairs = 2 * (self.config["requests"] + len(ORDER) * WARMUP) + 10
        self.data = fixtures.build(post_pairs_needed=pairs)
        self.server.start()
        self.token = self.server.token(
            fixtures.SLUG, fixtures.ADMIN_EMAIL, self.data.admin_password
        )
        self.headers = {
            "Authorization": f"Bearer {self.token}",
            "X-Tenant-ID": fixtures.SLUG,
        }

    def _paths(self, product, baseline):
        def make_plan(side, per_round):
            paths = product if side == "product" else baseline
            return self.runner.plan(
                [{"method": "GET", "path": path} for path in paths],
                max_requests=per_round,
                headers=self.headers if side == "product" else None,
            )

        return make_plan

    def _progress(self, enrollments):
        schema = self.data.schema
        return self._paths(
            [f"/api/v1/enrollments/{pk}/progress" for pk in enrollments],
            [f"/bench/{schema}/enrollments/{pk}/progress" for pk in enrollments],
        )

    def enrollment_create(self):
        pairs = iter(self.data.post_pairs())
        schema = self.data.schema

        def make_plan(side, per_round):
            path = (
                "/api/v1/enrollments"
                if side == "product"
                else f"/bench/{schema}/enrollments"
            )
            bodies = [
                {
                    "method": "POST",
                    "path": path,
                    "body": {
                        "courseId": course,
                        "userId": learner,
                        "paymentMethod": "FREE",
                    },
                }
                for course, learner in (next(pairs) for _ in range(per_round + WARMUP))
            ]
            return self.runner.plan(
                bodies,
                max_requests=per_round,
                headers=self.headers if side == "product" else None,
                expect=201,
                cycle=False,
            )

        measured = self.runner.compare(make_plan, self.config["requests"])
        self.runner.add_load("1 POST /enrollments", measured, 0.6)

    def progress(self):
        measured = self.runner.compare(
            self._progress(self.data.enrollments_20), self.config["requests"]
        )
        self.runner.add_load("2 GET /enrollments/{id}/progress", measured, 0.6)

    def listing(self):
        course, schema = self.data.course_20, self.data.schema
        query = f"courseId={course}&pageSize=100"
        measured = self.runner.compare(
            self._paths(
                [f"/api/v1/enrollments?{query}"],
                [f"/bench/{schema}/enrollments?{query}"],
            ),
            self.config["requests"] // 2,
        )
        self.runner.add_load("3 GET /enrollments?pageSize=100", measured, 0.5)

    def _relative_p50(self, enrollments):
        """The product's p50 over the baseline's, measured in turns."""
        measured = self.runner.compare(
            self._progress(enrollments), self.config["growth_requests"]
        )
        return measured["product"]["p50_ms"], measured["baseline"]["p50_ms"]

    def lessons_growth(self):
        """The same API request on a course of 20 and of 2,000 lessons,
        measured in turns like a product and its baseline, so that the
        machine's drift between two blocks of requests cancels out."""
        headers = self.headers

        def make_plan(side, per_round):
            enrollments = (
                self.data.enrollments_2000
                if side == "product"
                else self.data.enrollments_20
            )
            return self.runner.plan(
                [
                    {"method": "GET", "path": f"/api/v1/enrollments/{pk}/progress"}
                    for pk in enrollments
                ],
                max_requests=per_round,
                headers=headers,
            )

        measured = self.runner.compare(make_plan, self.config["growth_requests"])
        large, small = measured["product"]["p50_ms"], measured["baseline"]["p50_ms"]
        self.runner.add(
            "5 progress, 20 → 2,000 lessons",
            "p50 latency, in turns",
            "ms",
            large,
            small,
            safe_ratio(large, small),
            at_most(1.2),
        )
        self.runner.details["lessons_growth"] = {
            "20": measured["baseline"],
            "2000": measured["product"],
        }

    def tenants_growth_start(self):
        self.one_tenant = self._relative_p50(self.data.enrollments_20)

    def tenants_growth_end(self):
        many = self._relative_p50(self.data.enrollments_20)
        one = self.one_tenant
        # Each figure over the baseline of its own moment, since the two
        # are minutes apart on a shared machine.
        ratio = (many[0] / many[1]) / (one[0] / one[1])
        self.runner.add(
            f"5 progress, 1 → {self.config['tenants']} tenants",
            "p50 / baseline p50",
            "ms",
            many[0],
            one[0],
            ratio,
            at_most(1.2),
        )
        self.runner.add(
            f"5 progress, 1 → {self.config['tenants']} tenants (raw)",
            "p50 latency",
            "ms",
            many[0],
            one[0],
            many[0] / one[0],
        )
        self.runner.details["tenants_growth"] = {"1": one, "many": many}

    def provisioning(self, schema_steps, times, migrating):
        per_tenant = statistics.mean(times)
        migrating_mean = statistics.mean(migrating)
        cloned, migrated = schema_steps
        # The goal is the absolute second; the baseline, the same service
        # migrating each schema, shows what the template saves.
        self.runner.add(
            "4 provision a tenant (whole service)",
            "seconds / tenant",
            "s",
            per_tenant,
            migrating_mean,
            per_tenant / migrating_mean,
            at_most(1.0),
            goal_on="product",
        )
        self.runner.add(
            "4 tenant schema: clone vs migrations",
            "seconds / schema",
            "s",
            cloned,
            migrated,
            cloned / migrated,
            at_most(0.2),
        )
        self.runner.details["provisioning"] = {
            "service_mean": per_tenant,
            "service_max": max(times),
            "service_first_10": statistics.mean(times[:10]),
            "service_last_10": statistics.mean(times[-10:]),
            "service_migrating_mean": migrating_mean,
            "service_migrating_count": len(migrating),
            "schema_clone_mean": cloned,
            "schema_migrate_mean": migrated,
            "count": len(times),
            "template": settings.TENANT_TEMPLATE_SCHEMA,
        }

    def rollout(self, rollout, tenants):
        """Time a no-op and a one-column rollout over the tenants there are
        now, and the fixed cost of a run at this moment."""
        fixed = rollout.migrate_fixed()
        noop = rollout.migrate()
        name, column = rollout.add_column()
        one_column = rollout.migrate()
        state = migrated_state(name, column)
        schemas = state["schemas"]
        self.runner.details.setdefault("rollout", {})[tenants] = {
            "fixed_seconds": fixed,
            "noop_seconds": noop,
            "one_column_seconds": one_column,
            "noop_seconds_per_schema": (noop - fixed) / schemas,
            "one_column_seconds_per_schema": (one_column - fixed) / schemas,
            "state": state,
        }
        return {"fixed": fixed, "times": (noop, one_column), "schemas": schemas}

    def rollout_rows(self, small, large):
        # TODO: with tens of schemas the marginal cost is within the fixed
        # cost's noise; repeated rollouts would need a migration each.
        n_small, n_large = small["schemas"], large["schemas"]
        for index, label in ((0, "no-op"), (1, "one column")):
            measured = [
                (side["times"][index], side["fixed"], side["schemas"])
                for side in (small, large)
            ]
            self.runner.add(
                f"6 migrate_schemas {label}, {n_small} → {n_large} schemas",
                "marginal s / schema",
                "s",
                (measured[1][0] - measured[1][1]) / n_large,
                (measured[0][0] - measured[0][1]) / n_small,
                per_schema_ratio(*measured),
                # Linear is 1.0 exactly, which a linear rollout's noise puts
                # on either side; a per-schema cost that stays flat is
                # judged as item 5 judges flat. Superlinear runs measured
                # 1.3 to 1.6 before the migration recorder's fix.
                at_most(1.2),
            )
        states = [entry["state"] for entry in self.runner.details["rollout"].values()]
        self._half_migrated("6 half-migrated tenants, after each run", states)

    def _half_migrated(self, item, states):
        half = sum(state["half_migrated"] for state in states)
        checked = sum(state["schemas"] for state in states)
        self.runner.add(
            item,
            "schemas half / checked",
            "",
            half,
            checked,
            half / checked,
            at_most(0),
        )

    def interrupted_rollout(self, rollout):
        """SIGKILL a one-column rollout half way, then run it again: each
        schema must be either migrated or untouched at every point."""
        name, column = rollout.add_column()
        kill_after = max(1, migrated_state(name, column)["schemas"] // 2)
        polled = rollout.migrate_killed(column, after=kill_after)
        killed = migrated_state(name, column)
        rerun = rollout.migrate()
        after = migrated_state(name, column)
        self.runner.details["interrupted_rollout"] = {
            "kill_after": kill_after,
            "polled_when_killed": polled,
            "state_when_killed": killed,
            "rerun_seconds": rerun,
            "state_after_rerun": after,
        }
        # Killed before the first schema or after the last, it proves nothing.
        self.runner.add(
            "6 interrupted rollout: migrated when killed",
            "schemas migrated / checked",
            "",
            killed["migrated"],
            killed["schemas"],
            killed["migrated"] / killed["schemas"],
            between(0, 1),
        )
        self._half_migrated(
            "6 interrupted rollout: half-migrated when killed", [killed]
        )
        self.runner.add(
            "6 interrupted rollout: migrated after rerun",
            "schemas migrated / checked",
            "",
            after["migrated"],
            after["schemas"],
            after["migrated"] / after["schemas"],
            at_least(1.0),
        )
        self._half_migrated("6 interrupted rollout: half-migrated after rerun", [after])


def run_all(config, server, work_dir):
    """Run the items `config["only"]` names (all by default), in order."""
    wanted = config["only"].__contains__
    scenarios = Scenarios(config, server, work_dir)
    scenarios.setup()
    if wanted(1):
        scenarios.enrollment_create()
    if wanted(2):
        scenarios.progress()
    if wanted(3):
        scenarios.listing()
    if wanted(5):
        scenarios.lessons_growth()
        scenarios.tenants_growth_start()

    if wanted(4) or wanted(5) or wanted(6):
        if wanted(4):
            schema_steps = provision.schema_steps(config["provision_migrating"])
            migrating = provision.migrating_service(config["provision_migrating"])
        times = provision.grow_to(config["tenants_small"])
        if wanted(6):
            rollout = Rollout(work_dir, server.env)
            small = scenarios.rollout(rollout, config["tenants_small"])
        times += provision.grow_to(config["tenants"])
        if wanted(4):
            scenarios.provisioning(schema_steps, times, migrating)
        if wanted(5):
            scenarios.tenants_growth_end()
        if wanted(6):
            large = scenarios.rollout(rollout, config["tenants"])
            scenarios.rollout_rows(small, large)
            scenarios.interrupted_rollout(rollout)
    return {"rows": scenarios.runner.rows, "details": scenarios.runner.details}
