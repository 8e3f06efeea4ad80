"""The staff dashboard and the component guide."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pages.selectors import dashboard_figures, month_start

from .factories import CourseFactory, EnrollmentFactory, UserFactory, complete_lessons

ALPHA = {"HTTP_HOST": "alpha.localhost"}


def signed_in(user):
    client = Client(**ALPHA)
    client.force_login(user)
    return client


def row_for(figures, course):
    return next(row for row in figures["courses"] if row["course"].pk == course.pk)


@pytest.fixture
def tenant_activity(alice, bob, trainer):
    """Course A (4 lessons, the trainer's): alice at 50 %, bob done this
    month, carol expired at 0 %, dave revoked; course B: done last month."""
    now = timezone.now()
    course_a = CourseFactory(title="Cours A", lessons=4, trainer=trainer)
    course_b = CourseFactory(title="Cours B", lessons=1)
    complete_lessons(EnrollmentFactory(user=alice, course=course_a), 2)
    done = EnrollmentFactory(
        user=bob, course=course_a, status="COMPLETED", completed_at=now
    )
    complete_lessons(done, 4)
    EnrollmentFactory(
        user=UserFactory(), course=course_a, expires_at=now - timedelta(days=1)
    )
    EnrollmentFactory(user=UserFactory(), course=course_a, status="REVOKED")
    complete_lessons(
        EnrollmentFactory(
            user=alice,
            course=course_b,
            status="COMPLETED",
            completed_at=month_start(now) - timedelta(days=2),
        ),
        1,
    )
    return course_a, course_b


@pytest.mark.parametrize("path", ["/tableau-de-bord/", "/composants/"])
def test_learners_cannot_reach_staff_pages(alice, path):
    response = signed_in(alice).get(path)

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@pytest.mark.parametrize("path", ["/tableau-de-bord/", "/composants/"])
def test_staff_pages_open_for_admins_and_trainers(alpha_admin, trainer, path):
    assert signed_in(alpha_admin).get(path).status_code == 200
    assert signed_in(trainer).get(path).status_code == 200


def test_dashboard_figures_for_the_tenant(alpha_admin, tenant_activity):
    course_a, course_b = tenant_activity

    figures = dashboard_figures(alpha_admin)

    assert figures["active"] == 1
    assert figures["completed_this_month"] == 1
    row = row_for(figures, course_a)
    # alice 50, bob 100, carol 0; the revoked enrollment does not count.
    assert (row["enrolled"], row["completed"], row["average_progress"]) == (3, 1, 50)
    assert row_for(figures, course_b)["average_progress"] == 100


def test_dashboard_page_shows_the_figures(alpha_admin, tenant_activity):
    course_a, _ = tenant_activity

    html = signed_in(alpha_admin).get("/tableau-de-bord/").content.decode()

    assert '<div class="stat" data-figure="active">' in html
    assert "<dd>1</dd>" in html
    assert f'<tr data-course="{course_a.pk}">' in html
    assert "data-average>50 %" in html


def test_trainer_dashboard_counts_only_their_courses(trainer, tenant_activity):
    course_a, course_b = tenant_activity

    figures = dashboard_figures(trainer)

    assert [row["course"].pk for row in figures["courses"]] == [course_a.pk]
    assert figures["completed_this_month"] == 1


def test_dashboard_takes_three_queries_whatever_the_data(
    alpha_admin, tenant_activity, django_assert_num_queries
):
    for _ in range(5):
        complete_lessons(
            EnrollmentFactory(user=UserFactory(), course=CourseFactory(lessons=3)), 1
        )

    with django_assert_num_queries(3):
        dashboard_figures(alpha_admin)


def test_the_month_starts_in_paris_time():
    # 23:30 UTC on 31 March is already 1 April in Paris.
    now = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)

    assert month_start(now) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)


def test_components_page_documents_every_component(alpha_admin):
    html = signed_in(alpha_admin).get("/composants/").content.decode()

    for component in [
        "btn--primary",
        "field__input",
        "alert--error",
        "toast",
        "nav__link",
        "progress__bar",
        'class="steps"',
        'class="table"',
        "badge--expired",
    ]:
        assert component in html, component
