"""The staff admin in Chromium: lessons reordered with the buttons."""

import pytest
from django_tenants.utils import schema_context

from courses.models import Course, Lesson
from tests.browser.conftest import screenshot
from tests.committed import in_thread
from tests.conftest import PASSWORD


@pytest.fixture
def course(server):
    created = {}

    def create():
        with schema_context("alpha"):
            course = Course.objects.create(
                title="Accueil des nouveaux arrivants", status="PUBLISHED"
            )
            Lesson.objects.bulk_create(
                Lesson(course=course, title=title, position=position)
                for position, title in enumerate(["Premier", "Deuxième"], start=1)
            )
            created["course"] = course

    in_thread(create)
    yield created["course"]

    def remove():
        with schema_context("alpha"):
            Course.objects.filter(pk=created["course"].pk).delete()

    in_thread(remove)


def lesson_titles(course):
    titles = []

    def read():
        with schema_context("alpha"):
            titles.extend(
                course.lessons.order_by("position").values_list("title", flat=True)
            )

    in_thread(read)
    return titles


def test_staff_moves_a_lesson_down_and_saves(db, server, course, new_page):
    base = server.url("alpha")
    page = new_page()
    page.goto(f"{base}/connexion/")
    page.get_by_label("Adresse e-mail").fill("admin@alpha.test")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/tableau-de-bord/")

    page.goto(f"{base}/admin/courses/course/{course.pk}/change/")
    page.get_by_role("button", name="Descendre la leçon").first.click()
    rows = page.locator("#lessons-group tr.form-row:not(.empty-form)")
    values = "inputs => inputs.map(i => i.value)"
    assert rows.locator("td.field-title input").evaluate_all(values) == [
        "Deuxième",
        "Premier",
    ]
    assert rows.locator("td.field-position input").evaluate_all(values) == ["1", "2"]
    screenshot(page, "desktop-admin-course")
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{base}/admin/courses/course/")

    assert lesson_titles(course) == ["Deuxième", "Premier"]

    page.goto(f"{base}/admin/enrollments/enrollment/")
    screenshot(page, "desktop-admin-enrollments")
