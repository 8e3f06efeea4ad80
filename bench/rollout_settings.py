"""The product's settings, with the courses app's migrations taken from the
benchmark's temporary copy (see bench/rollout.py)."""

from qualiforma.settings import *  # noqa: F403

MIGRATION_MODULES = {"courses": "bench_courses_migrations"}
