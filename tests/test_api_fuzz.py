"""Schemathesis against the API's own OpenAPI schema, with real credentials.

Every tenant operation gets a bounded number of generated requests, signed
by alpha's admin, some of them aimed at seeded objects rather than random
ids. The checks: no 5xx, every status documented, every body as documented.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django_tenants.utils import schema_context
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from courses.models import Lesson
from enrollments.models import Enrollment
from qualiforma.auth import tokens_for
from qualiforma.wsgi import application
from users.models import User
from users.services import user_create

from .conftest import PASSWORD
from .factories import CourseFactory

EXAMPLES = 25
SEEDED = {
    "course": "crs_abc123",
    "lesson": "lsn_fuzz1",
    "user": "usr_xyz789",
    "enrollment": "enr_fuzz1",
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _openapi():
    return SchemaGenerator(urlconf="qualiforma.schema_urls").get_schema(
        request=None, public=True
    )


PLATFORM_PATHS = r"^/api/v1/(tenants|platform/)"
schema = schemathesis.openapi.from_dict(_openapi()).exclude(path_regex=PLATFORM_PATHS)
schema.app = application
platform_schema = schemathesis.openapi.from_dict(_openapi()).include(
    path_regex=PLATFORM_PATHS
)
platform_schema.app = application


def _seeded_parameters(path, parameters):
    """The same parameters, pointed at the seeded objects."""
    if not parameters:
        return parameters
    seeded = dict(parameters)
    for name in parameters:
        if name == "course_pk":
            seeded[name] = SEEDED["course"]
        elif name == "lesson_id" or (name == "id" and "/lessons/" in path):
            seeded[name] = SEEDED["lesson"]
        elif name == "id":
            kind = path.split("/")[3].rstrip("s")
            seeded[name] = SEEDED.get(kind, parameters[name])
    return seeded


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    seeded = _seeded_parameters(context.operation.path, path_parameters)
    return st.sampled_from([seeded, path_parameters])


@pytest.fixture
def in_test_transaction():
    """Keep the test's connection across requests, as Django's test client
    does: the WSGI handler would otherwise close it after each one."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(alpha, in_test_transaction):
    course = CourseFactory(id=SEEDED["course"])
    Lesson.objects.create(id=SEEDED["lesson"], course=course, title="L", position=1)
    Lesson.objects.create(course=course, title="L2", position=2)
    learner = User.objects.create(id=SEEDED["user"], email="xyz@alpha.test")
    Enrollment.objects.create(
        id=SEEDED["enrollment"],
        course=course,
        user=learner,
        payment_method=Enrollment.PaymentMethod.FREE,
    )
    with schema_context("alpha"):
        admin = User.objects.get(pk="usr_alphaadmin")
        access = tokens_for(admin)["access"]
    return {"Authorization": f"Bearer {access}", "X-Tenant-ID": "alpha"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_honours_its_schema(case, seeded):
    before = connection.tenant
    try:
        case.call_and_validate(headers=seeded, checks=CHECKS)
    finally:
        connection.set_tenant(before)


@pytest.fixture
def operator(db, in_test_transaction):
    connection.set_schema_to_public()
    user = user_create(
        email="ops@platform.test",
        password=PASSWORD,
        first_name="",
        last_name="",
        role=User.Role.ADMIN,
    )
    return {"Authorization": f"Bearer {tokens_for(user)['access']}"}


@platform_schema.parametrize()
@settings(
    # Each tenant it manages to create costs a schema and its migrations.
    max_examples=EXAMPLES // 2,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_platform_api_honours_its_schema(case, operator):
    try:
        case.call_and_validate(headers=operator, checks=CHECKS)
    finally:
        connection.set_schema_to_public()
