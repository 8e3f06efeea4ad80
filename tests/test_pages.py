"""The learner's pages on the tenant's host, through Django's test client."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from enrollments.models import Enrollment, LessonCompletion
from tests.conftest import PASSWORD

from .factories import CourseFactory, EnrollmentFactory, complete_lessons

ALPHA = "alpha.localhost"


@pytest.fixture
def browser(alpha):
    return Client(HTTP_HOST=ALPHA)


@pytest.fixture
def as_alice(browser, alice):
    browser.force_login(alice)
    return browser


def page(response):
    return response.content.decode()


def test_sign_in_page_is_french_with_labelled_fields(browser):
    response = browser.get("/connexion/")

    assert response.status_code == 200
    html = page(response)
    assert '<html lang="fr">' in html
    assert '<label class="field__label" for="id_username">Adresse e-mail' in html
    assert '<label class="field__label" for="id_password">Mot de passe' in html
    assert '<main id="contenu"' in html


def test_learner_signs_in_and_lands_on_their_courses(browser):
    response = browser.post(
        "/connexion/", {"username": "ALICE@alpha.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/mes-formations/"
    assert browser.get("/mes-formations/").status_code == 200


def test_staff_sign_in_lands_on_the_dashboard(browser):
    response = browser.post(
        "/connexion/", {"username": "admin@alpha.test", "password": PASSWORD}
    )

    assert response["Location"] == "/tableau-de-bord/"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"username": "alice@alpha.test", "password": "faux"},
            "Adresse e-mail ou mot de passe incorrect pour cet organisme.",
        ),
        ({"username": "", "password": ""}, "Saisissez votre adresse e-mail."),
        ({"username": "pas-une-adresse", "password": "x"}, "adresse e-mail valide"),
    ],
)
def test_bad_sign_in_shows_a_french_error_not_a_400(browser, form, message):
    response = browser.post("/connexion/", form)

    assert response.status_code == 200
    assert message in page(response)
    assert "_auth_user_id" not in browser.session


def test_repeated_failed_sign_ins_lock_the_account(browser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post("/connexion/", {"username": "bob@alpha.test", "password": "x"})

    response = browser.post(
        "/connexion/", {"username": "bob@alpha.test", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "Connexion bloquée" in page(response)
    assert "_auth_user_id" not in browser.session


def test_learner_of_one_tenant_cannot_sign_in_on_another(beta_tenant):
    client = Client(HTTP_HOST="beta.localhost")

    response = client.post(
        "/connexion/", {"username": "alice@alpha.test", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "incorrect pour cet organisme" in page(response)
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(as_alice):
    response = as_alice.post("/deconnexion/", follow=True)

    assert "Vous êtes déconnecté." in page(response)
    assert as_alice.get("/mes-formations/").status_code == 302


@pytest.mark.parametrize(
    "path", ["/", "/mes-formations/", "/catalogue/", "/formations/crs_x/"]
)
def test_pages_send_the_anonymous_to_sign_in(browser, path):
    response = browser.get(path, follow=True)

    assert response.redirect_chain[-1][0].startswith("/connexion/")


def test_my_courses_shows_the_figures_of_the_progress_endpoint(as_alice, alice, api):
    enrollment = EnrollmentFactory(user=alice, course=CourseFactory(lessons=20))
    complete_lessons(enrollment, 9)

    html = page(as_alice.get("/mes-formations/"))
    progress = api("alice").get(f"enrollments/{enrollment.pk}/progress").json()

    assert progress["data"]["progressPercent"] == 45
    assert 'value="45"' in html
    assert "45 %" in html
    assert "9 leçons terminées sur 20" in html


def test_my_courses_shows_expired_and_suspended_as_such(as_alice, alice):
    expired = EnrollmentFactory(
        user=alice,
        course=CourseFactory(title="Expirée A"),
        expires_at=timezone.now() - timedelta(days=1),
    )
    suspended = EnrollmentFactory(
        user=alice, course=CourseFactory(title="Suspendue B"), status="SUSPENDED"
    )
    EnrollmentFactory(
        user=alice, course=CourseFactory(title="Révoquée C"), status="REVOKED"
    )

    html = page(as_alice.get("/mes-formations/"))

    assert f'data-enrollment="{expired.pk}"' in html
    assert 'data-state="expired">Expirée' in html
    assert f'data-enrollment="{suspended.pk}"' in html
    assert 'data-state="suspended">Suspendue' in html
    assert "Révoquée C" not in html


def test_my_courses_shows_only_my_enrollments(as_alice, bob):
    EnrollmentFactory(user=bob, course=CourseFactory(title="Celle de Bob"))

    html = page(as_alice.get("/mes-formations/"))

    assert "Celle de Bob" not in html
    assert "aucune formation" in html


def test_times_are_shown_in_paris_time(as_alice, alice):
    EnrollmentFactory(
        user=alice,
        course=CourseFactory(),
        expires_at=datetime(2030, 1, 15, 23, 30, tzinfo=UTC),
    )

    html = page(as_alice.get("/mes-formations/"))

    assert "16 janvier 2030, 00:30" in html


def test_course_page_lists_lessons_in_order_with_the_done_ones(as_alice, alice):
    course = CourseFactory(lessons=3)
    enrollment = EnrollmentFactory(user=alice, course=course)
    complete_lessons(enrollment, 1)
    first, second, third = course.lessons.order_by("position")

    html = page(as_alice.get(f"/formations/{course.pk}/"))

    assert html.index(first.title) < html.index(second.title) < html.index(third.title)
    assert f'data-lesson="{first.pk}" data-done="true"' in html
    assert f'data-lesson="{second.pk}" data-done="false"' in html
    assert html.count("Marquer comme terminée") == 2


def test_mark_as_done_records_progress_through_the_service(as_alice, alice):
    course = CourseFactory(lessons=2)
    enrollment = EnrollmentFactory(user=alice, course=course)
    lesson = course.lessons.order_by("position").first()

    response = as_alice.post(
        f"/formations/{course.pk}/lecons/{lesson.pk}/terminer/", follow=True
    )

    assert LessonCompletion.objects.filter(
        enrollment=enrollment, lesson=lesson
    ).exists()
    html = page(response)
    assert "marquée comme terminée" in html
    assert 'value="50"' in html


def test_last_lesson_completes_the_course(as_alice, alice):
    course = CourseFactory(lessons=2)
    enrollment = EnrollmentFactory(user=alice, course=course)
    complete_lessons(enrollment, 1)
    last = course.lessons.order_by("position").last()

    response = as_alice.post(
        f"/formations/{course.pk}/lecons/{last.pk}/terminer/", follow=True
    )

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    html = page(response)
    assert "Bravo" in html
    assert "data-completion" in html
    assert "Marquer comme terminée" not in html


def test_suspended_enrollment_records_nothing_and_says_why(as_alice, alice):
    course = CourseFactory(lessons=2)
    enrollment = EnrollmentFactory(user=alice, course=course, status="SUSPENDED")
    lesson = course.lessons.first()

    response = as_alice.post(
        f"/formations/{course.pk}/lecons/{lesson.pk}/terminer/", follow=True
    )

    assert response.status_code == 200
    assert "n&#x27;enregistre pas de progression" in page(response)
    assert not enrollment.completions.exists()


def test_lesson_of_a_course_i_am_not_enrolled_in_is_404(as_alice, bob):
    course = CourseFactory(lessons=1)
    EnrollmentFactory(user=bob, course=course)

    response = as_alice.post(
        f"/formations/{course.pk}/lecons/{course.lessons.first().pk}/terminer/"
    )

    assert response.status_code == 404
    assert "Page introuvable" in page(response)


def test_lesson_of_another_course_is_404(as_alice, alice):
    course = CourseFactory(lessons=1)
    EnrollmentFactory(user=alice, course=course)
    other = CourseFactory(lessons=1).lessons.first()

    response = as_alice.post(f"/formations/{course.pk}/lecons/{other.pk}/terminer/")

    assert response.status_code == 404


def test_unknown_and_draft_courses_are_404(as_alice):
    draft = CourseFactory(status="DRAFT")

    assert as_alice.get("/formations/crs_nope/").status_code == 404
    assert as_alice.get(f"/formations/{draft.pk}/").status_code == 404


def test_catalogue_lists_published_courses_only(as_alice):
    CourseFactory(title="Publiée visible")
    CourseFactory(title="Brouillon caché", status="DRAFT")
    CourseFactory(title="Archivée cachée", status="ARCHIVED")

    html = page(as_alice.get("/catalogue/"))

    assert "Publiée visible" in html
    assert "Brouillon caché" not in html
    assert "Archivée cachée" not in html


def test_free_course_enrols_in_one_click(as_alice, alice):
    course = CourseFactory(lessons=2)

    response = as_alice.post(f"/catalogue/{course.pk}/inscription/", follow=True)

    enrollment = Enrollment.objects.get(user=alice, course=course)
    assert enrollment.payment_method == "FREE"
    assert response.redirect_chain[-1][0] == f"/formations/{course.pk}/"
    assert "Vous êtes inscrit" in page(response)


def test_paid_course_says_it_needs_payment_instead_of_enrolling(as_alice, alice):
    course = CourseFactory(price="490.00")

    html = page(as_alice.get("/catalogue/"))
    response = as_alice.post(f"/catalogue/{course.pk}/inscription/", follow=True)

    assert "490,00 €" in html
    assert "l’inscription demande un paiement" in html
    assert f"/catalogue/{course.pk}/inscription/" not in html
    assert response.status_code == 200
    assert "payante" in page(response)
    assert not Enrollment.objects.filter(user=alice, course=course).exists()


def test_enrolling_twice_says_so(as_alice, alice):
    course = CourseFactory()
    EnrollmentFactory(user=alice, course=course)

    response = as_alice.post(f"/catalogue/{course.pk}/inscription/", follow=True)

    assert "déjà inscrit" in page(response)
    assert Enrollment.objects.filter(user=alice, course=course).count() == 1


def test_enrol_needs_post(as_alice):
    course = CourseFactory()

    assert as_alice.get(f"/catalogue/{course.pk}/inscription/").status_code == 405


@pytest.mark.parametrize(
    ("done", "text"),
    [
        (0, "0 leçon terminée sur 3"),
        (1, "1 leçon terminée sur 3"),
        (2, "2 leçons terminées sur 3"),
    ],
)
def test_lesson_counts_follow_french_plurals(as_alice, alice, done, text):
    enrollment = EnrollmentFactory(user=alice, course=CourseFactory(lessons=3))
    complete_lessons(enrollment, done)

    assert text in page(as_alice.get("/mes-formations/"))


def test_trainer_is_not_offered_to_enrol_in_a_draft(trainer):
    draft = CourseFactory(status="DRAFT", trainer=trainer)
    client = Client(HTTP_HOST=ALPHA)
    client.force_login(trainer)

    html = page(client.get(f"/formations/{draft.pk}/"))

    assert "pas ouverte aux inscriptions" in html
    assert "/inscription/" not in html


def test_sign_in_ignores_a_next_on_another_host(browser):
    response = browser.post(
        "/connexion/?next=http://elsewhere.test/",
        {"username": "alice@alpha.test", "password": PASSWORD},
    )

    assert response["Location"] == "/mes-formations/"


def test_unknown_page_is_a_french_404_page(browser):
    response = browser.get("/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in page(response)


def test_unknown_page_on_the_platform_host_is_a_404_page(db):
    response = Client(HTTP_HOST="localhost").get("/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in page(response)


def test_expired_course_page_says_so_and_offers_no_action(as_alice, alice):
    course = CourseFactory(lessons=2)
    EnrollmentFactory(
        user=alice, course=course, expires_at=timezone.now() - timedelta(hours=1)
    )

    html = page(as_alice.get(f"/formations/{course.pk}/"))

    assert "Votre accès a expiré" in html
    assert "Marquer comme terminée" not in html


def test_page_actions_are_recorded_as_coming_from_the_pages(as_alice, alice):
    from enrollments.models import EnrollmentEvent

    course = CourseFactory(lessons=1)
    as_alice.post(f"/catalogue/{course.pk}/inscription/")
    lesson = course.lessons.get()
    as_alice.post(f"/formations/{course.pk}/lecons/{lesson.pk}/terminer/")

    events = EnrollmentEvent.objects.filter(enrollment__course=course)
    assert events.count() == 3
    assert set(events.values_list("source", flat=True)) == {"PAGE"}
    assert set(events.values_list("actor_id", flat=True)) == {alice.pk}
