"""The data the benchmark loads: one tenant with courses, learners and
enrollments, written in bulk so that setting up stays quick."""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django_tenants.utils import schema_context

from courses.models import Course, Lesson
from enrollments.models import Enrollment, LessonCompletion
from tenants.services import tenant_provision
from users.models import User

SLUG = "bench-a"
ADMIN_EMAIL = "admin@bench-a.test"
POST_COURSES = 20


@dataclass
class BenchData:
    schema: str
    admin_password: str
    post_courses: list = field(default_factory=list)
    post_learners: list = field(default_factory=list)
    course_20: str = ""
    course_2000: str = ""
    enrollments_20: list = field(default_factory=list)
    enrollments_2000: list = field(default_factory=list)

    def post_pairs(self):
        """Every (course, learner) pair once; each POST takes a fresh one."""
        return [
            (course, learner)
            for learner in self.post_learners
            for course in self.post_courses
        ]


def _course(title, lessons):
    course = Course.objects.create(
        title=title, status=Course.Status.PUBLISHED, price=0, duration_hours=7
    )
    Lesson.objects.bulk_create(
        Lesson(course=course, title=f"Leçon {n}", position=n)
        for n in range(1, lessons + 1)
    )
    return course


def _learners(prefix, count, password_hash):
    return User.objects.bulk_create(
        User(
            email=f"{prefix}{n}@bench-a.test",
            first_name="Claude",
            last_name=f"{prefix}{n}",
            role=User.Role.LEARNER,
            password=password_hash,
        )
        for n in range(count)
    )


def _enrol(course, learners, completed):
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(course=course, user=learner, payment_method="FREE")
        for learner in learners
    )
    lessons = list(course.lessons.order_by("position")[:completed])
    LessonCompletion.objects.bulk_create(
        (
            LessonCompletion(enrollment=enrollment, lesson=lesson)
            for enrollment in enrollments
            for lesson in lessons
        ),
        batch_size=5000,
    )
    return [enrollment.pk for enrollment in enrollments]


def build(*, post_pairs_needed):
    password = secrets.token_urlsafe(16)
    tenant = tenant_provision(
        slug=SLUG,
        name="Banc d'essai",
        admin_email=ADMIN_EMAIL,
        admin_password=password,
    )
    data = BenchData(schema=tenant.schema_name, admin_password=password)
    # One hash for every learner: they never sign in, and hashing costs.
    learner_hash = make_password(None)

    with schema_context(tenant.schema_name):
        data.post_courses = [
            _course(f"Cohorte {n}", 20).pk for n in range(POST_COURSES)
        ]
        count = -(-post_pairs_needed // POST_COURSES)
        data.post_learners = [
            user.pk for user in _learners("post", count, learner_hash)
        ]

        course_20 = _course("Vingt leçons", 20)
        course_2000 = _course("Deux mille leçons", 2000)
        data.course_20, data.course_2000 = course_20.pk, course_2000.pk
        data.enrollments_20 = _enrol(
            course_20, _learners("vingt", 200, learner_hash), 9
        )
        data.enrollments_2000 = _enrol(
            course_2000, _learners("deuxmille", 50, learner_hash), 900
        )
    return data
