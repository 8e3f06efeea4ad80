"""Roll a migration out over every tenant with `migrate_schemas`.

The one-column migrations live only here: they are written into a copy of
the courses app's migrations under var/bench/, which `bench.rollout_settings`
points Django at. The product's own migrations are never touched.
"""

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_exists

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE = "bench_courses_migrations"
TIMEOUT = 1800
POLL_SECONDS = 0.05
# The least of a few runs: the fixed cost is what is left once a shared
# machine's noise is not.
FIXED_RUNS = 3

MIGRATION = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("courses", "{previous}")]

    operations = [
        migrations.AddField(
            model_name="lesson",
            name="{column}",
            field=models.CharField(max_length=40, null=True, blank=True),
        ),
    ]
"""


class Rollout:
    def __init__(self, work_dir, env):
        self.root = Path(work_dir) / "migrations"
        self.package = self.root / PACKAGE
        self.env = env
        self.added = []
        if self.root.exists():
            shutil.rmtree(self.root)
        shutil.copytree(
            BASE_DIR / "courses" / "migrations",
            self.package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )

    def _leaf(self):
        names = sorted(p.stem for p in self.package.glob("0*.py"))
        return names[-1]

    def add_column(self):
        """Write the next one-column migration; return (name, column)."""
        number = len(self.added) + 1
        column = f"bench_note_{number}"
        previous = self._leaf()
        name = f"{int(previous[:4]) + 1:04d}_bench_{column}"
        (self.package / f"{name}.py").write_text(
            MIGRATION.format(previous=previous, column=column)
        )
        self.added.append((name, column))
        return name, column

    def _command(self, scope="--tenant"):
        env = dict(self.env)
        env["DJANGO_SETTINGS_MODULE"] = "bench.rollout_settings"
        env["PYTHONPATH"] = os.pathsep.join([str(self.root), str(BASE_DIR)])
        return {
            "args": [
                sys.executable,
                "manage.py",
                "migrate_schemas",
                scope,
                "-v",
                "0",
            ],
            "cwd": BASE_DIR,
            "env": env,
            "stdout": subprocess.DEVNULL,
        }

    def migrate(self):
        """Run `migrate_schemas` over the tenants; return the seconds it took."""
        started = time.perf_counter()
        subprocess.run(**self._command(), check=True, timeout=TIMEOUT)
        return time.perf_counter() - started

    def migrate_fixed(self, runs=FIXED_RUNS):
        """The seconds a `migrate_schemas` run costs whatever the number of
        tenants (interpreter, Django set-up, system checks, migration graph):
        the least of `runs` runs, made the same way, that migrate only the
        public schema (`--shared`), where nothing is pending. That one no-op
        schema counts as fixed cost, which only makes the per-schema ratio
        stricter."""
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(**self._command("--shared"), check=True, timeout=TIMEOUT)
            timings.append(time.perf_counter() - started)
        return min(timings)

    def migrate_killed(self, column, after):
        """Start `migrate_schemas` and SIGKILL it once `after` schemas have
        committed `column`; return how many had when it was killed, or None
        when it finished first."""
        deadline = time.monotonic() + TIMEOUT
        process = subprocess.Popen(**self._command())
        try:
            while process.poll() is None:
                done = schemas_with_column(column)
                if done >= after:
                    process.kill()
                    process.wait()
                    logger.info("Killed migrate_schemas after %d schemas", done)
                    return done
                if time.monotonic() > deadline:
                    raise TimeoutError("migrate_schemas did not get far enough")
                time.sleep(POLL_SECONDS)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, "migrate_schemas")
        return None


def per_schema_ratio(small, large):
    """Seconds per schema at the large count over those at the small one,
    each once the run's fixed cost is taken off: 1.0 when the rollout is
    linear in the schemas, less when it is better.

    `small` and `large` are (seconds, fixed_seconds, schemas). NaN when the
    small run's marginal cost is not positive (lost in the noise), so that
    the row misses its goal rather than passing on no evidence.
    """
    marginal_small = (small[0] - small[1]) / small[2]
    marginal_large = (large[0] - large[1]) / large[2]
    if marginal_small <= 0:
        return float("nan")
    return marginal_large / marginal_small


def schemas_with_column(column):
    """How many schemas' lessons have `column`, as committed: the migration
    that adds it holds it in its transaction until then."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relname = 'courses_lesson' AND c.relkind = 'r'"
            " AND a.attname = %s AND NOT a.attisdropped",
            [column],
        )
        return cursor.fetchone()[0]


def _schemas(cursor):
    cursor.execute(
        "SELECT schema_name FROM tenants_tenant WHERE schema_name <> 'public'"
    )
    schemas = [row[0] for row in cursor.fetchall()]
    template = settings.TENANT_TEMPLATE_SCHEMA
    if template and schema_exists(template):
        schemas.append(template)
    return schemas


def migrated_state(name, column):
    """Count the tenant schemas (the template included) that have both the
    column and the record of its migration, neither, or only one."""
    state = {"schemas": 0, "migrated": 0, "untouched": 0, "half_migrated": 0}
    with connection.cursor() as cursor:
        for schema in _schemas(cursor):
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns"
                " WHERE table_schema = %s AND table_name = 'courses_lesson'"
                " AND column_name = %s)",
                [schema, column],
            )
            has_column = cursor.fetchone()[0]
            cursor.execute(
                f'SELECT EXISTS (SELECT 1 FROM "{schema}".django_migrations'
                " WHERE app = 'courses' AND name = %s)",
                [name],
            )
            recorded = cursor.fetchone()[0]
            state["schemas"] += 1
            if has_column and recorded:
                state["migrated"] += 1
            elif not has_column and not recorded:
                state["untouched"] += 1
            else:
                state["half_migrated"] += 1
    return state
