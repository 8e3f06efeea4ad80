"""`manage.py check --deploy` with production settings, in a fresh process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Checks never connect; the URL only keeps the embedded server from starting.
UNUSED_DATABASE = "postgresql://nobody@127.0.0.1:1/unused"


def _check(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "QUALIFORMA_"))
    }
    environment.update(
        {"QUALIFORMA_PRODUCTION": "1", "DATABASE_URL": UNUSED_DATABASE, **env}
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _key():
    return secrets.token_urlsafe(50)


PRODUCTION_HOSTS = {
    "DJANGO_ALLOWED_HOSTS": ".qualiforma.example",
    "QUALIFORMA_TENANT_DOMAIN_SUFFIX": "qualiforma.example",
    "QUALIFORMA_PUBLIC_HOSTS": "qualiforma.example",
}


def test_check_deploy_passes_with_production_settings():
    result = _check(
        DJANGO_SECRET_KEY=_key(),
        QUALIFORMA_JWT_SIGNING_KEY=_key(),
        **PRODUCTION_HOSTS,
    )

    assert result.returncode == 0, result.stderr
    assert "security." not in result.stdout + result.stderr
    assert "qualiforma." not in result.stdout + result.stderr


def test_check_deploy_refuses_missing_keys_and_hosts():
    result = _check()

    assert result.returncode == 1
    for check_id in ("qualiforma.E001", "qualiforma.E002", "qualiforma.E005"):
        assert check_id in result.stderr


@pytest.mark.parametrize(
    "env, check_id",
    [
        ({"QUALIFORMA_JWT_SIGNING_KEY": "same"}, "qualiforma.E003"),
        ({"QUALIFORMA_JWT_SIGNING_KEY": "court"}, "qualiforma.E004"),
        ({"DJANGO_DEBUG": "1"}, "qualiforma.E006"),
        ({"QUALIFORMA_ACCESS_TOKEN_MINUTES": "61"}, "qualiforma.E007"),
        ({"DJANGO_SECRET_KEY": "x"}, "qualiforma.E008"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "qualiforma.E009"),
        ({"DJANGO_ALLOWED_HOSTS": ".localhost,127.0.0.1"}, "qualiforma.E009"),
        ({"QUALIFORMA_TENANT_DOMAIN_SUFFIX": "localhost"}, "qualiforma.E010"),
        ({"DATABASE_URL": ""}, "qualiforma.E011"),
        ({"QUALIFORMA_BENCH_BASELINE": "1"}, "qualiforma.E012"),
    ],
)
def test_check_deploy_refuses_weak_settings(env, check_id):
    key = _key()
    settings = {
        "DJANGO_SECRET_KEY": key,
        "QUALIFORMA_JWT_SIGNING_KEY": _key(),
        **PRODUCTION_HOSTS,
        **env,
    }
    if settings["QUALIFORMA_JWT_SIGNING_KEY"] == "same":
        settings["QUALIFORMA_JWT_SIGNING_KEY"] = key

    result = _check(**settings)

    assert result.returncode == 1
    assert check_id in result.stderr
