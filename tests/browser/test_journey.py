"""The learner's journey in headless Chromium, with screenshots.

Skipped, with the command that installs it, where Chromium is absent.
Screenshots land in test-artifacts/screenshots/ (git-ignored).
"""

import re

import pytest

from courses.models import Course, Lesson
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    fits_the_screen,
    screenshot,
)
from tests.committed import delete_course, in_alpha
from tests.conftest import PASSWORD

LESSONS = 3
FREE_TITLE = "Gestes de premiers secours"
PAID_TITLE = "Management d'équipe"


@pytest.fixture(scope="module")
def courses(server):
    """A free course of three lessons and a paid one, committed in alpha."""
    created = {}

    def create():
        free = Course.objects.create(
            title=FREE_TITLE,
            description="Les bons réflexes face à un malaise ou une blessure.",
            status=Course.Status.PUBLISHED,
            duration_hours=7,
        )
        Lesson.objects.bulk_create(
            Lesson(
                course=free,
                title=title,
                position=position,
                duration_minutes=20,
                content="Contenu de la leçon.",
            )
            for position, title in enumerate(
                ["Protéger", "Alerter", "Secourir"], start=1
            )
        )
        created["free"] = free
        created["paid"] = Course.objects.create(
            title=PAID_TITLE,
            status=Course.Status.PUBLISHED,
            price="490.00",
            duration_hours=14,
        )

    in_alpha(create)
    yield created

    def remove():
        delete_course(created["free"])
        delete_course(created["paid"])

    in_alpha(remove)


def sign_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def progress_value(page):
    return int(page.locator("main progress").first.get_attribute("value"))


def test_learner_enrols_and_completes_a_course(db, server, courses, new_page):
    base = server.url("alpha")
    page = new_page()

    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/connexion/")
    screenshot(page, "desktop-sign-in")

    sign_in(page, base, "alice@alpha.test", "mauvais-mot-de-passe")
    alert = page.get_by_role("alert")
    assert "mot de passe incorrect" in alert.inner_text()
    screenshot(page, "desktop-sign-in-error")

    sign_in(page, base, "alice@alpha.test")
    page.wait_for_url(f"{base}/mes-formations/")

    page.get_by_role("navigation").get_by_role("link", name="Catalogue").click()
    paid = page.locator("li.card", has_text=PAID_TITLE)
    assert "demande un paiement" in paid.inner_text()
    assert paid.get_by_role("button").count() == 0
    screenshot(page, "desktop-catalogue")

    page.get_by_role("button", name=f"S’inscrire : {FREE_TITLE}").click()
    page.wait_for_url(re.compile(rf"/formations/{courses['free'].pk}/"))
    assert "Vous êtes inscrit" in page.get_by_role("status").inner_text()
    assert progress_value(page) == 0

    seen = []
    for _ in range(LESSONS):
        page.get_by_role(
            "button", name=re.compile("^Marquer comme terminée")
        ).first.click()
        page.wait_for_load_state()
        seen.append(progress_value(page))
        if len(seen) == 2:
            screenshot(page, "desktop-course")
    assert seen == [33, 66, 100]
    assert "Formation terminée" in page.locator("[data-completion]").inner_text()
    assert page.get_by_role("button", name=re.compile("^Marquer")).count() == 0
    screenshot(page, "desktop-course-completed")

    page.get_by_role("link", name="Mes formations").click()
    card = page.locator("li.card", has_text=FREE_TITLE)
    assert card.locator("[data-state]").inner_text().strip().lower() == "terminée"
    assert card.locator("progress").get_attribute("value") == "100"
    screenshot(page, "desktop-my-courses")


def test_pages_fit_a_phone_screen(db, server, courses, new_page):
    base = server.url("alpha")
    page = new_page(PHONE)

    page.goto(f"{base}/connexion/")
    assert fits_the_screen(page)
    screenshot(page, "phone-sign-in")

    sign_in(page, base, "bob@alpha.test")
    page.wait_for_url(f"{base}/mes-formations/")
    for path, name in [
        ("/mes-formations/", "phone-my-courses-empty"),
        ("/catalogue/", "phone-catalogue"),
        (f"/formations/{courses['free'].pk}/", "phone-course"),
    ]:
        page.goto(f"{base}{path}")
        assert fits_the_screen(page), path
        screenshot(page, name)


def test_keyboard_reaches_the_content_first(db, server, new_page):
    page = new_page()
    page.goto(f"{server.url('alpha')}/connexion/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    assert page.evaluate("getComputedStyle(document.activeElement).boxShadow") != "none"


def test_staff_sees_the_dashboard_and_the_components(db, server, courses, new_page):
    base = server.url("alpha")
    for viewport, prefix in [(DESKTOP, "desktop"), (PHONE, "phone")]:
        page = new_page(viewport)
        sign_in(page, base, "admin@alpha.test")
        page.wait_for_url(f"{base}/tableau-de-bord/")
        row = page.locator("tr", has_text=FREE_TITLE)
        assert row.count() == 1
        assert fits_the_screen(page)
        screenshot(page, f"{prefix}-dashboard")

        page.get_by_role("contentinfo").get_by_role(
            "link", name="Système de conception"
        ).click()
        assert page.get_by_role("heading", name="Système de conception").is_visible()
        assert fits_the_screen(page)
        screenshot(page, f"{prefix}-components")
