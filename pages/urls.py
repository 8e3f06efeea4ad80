from django.urls import path

from pages import staff, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.SignInView.as_view(), name="sign_in"),
    path("deconnexion/", views.SignOutView.as_view(), name="sign_out"),
    path("mes-formations/", views.my_courses, name="my_courses"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<str:course_id>/inscription/", views.enrol, name="enrol"),
    path("formations/<str:course_id>/", views.course_detail, name="course"),
    path(
        "formations/<str:course_id>/lecons/<str:lesson_id>/terminer/",
        views.lesson_done,
        name="lesson_done",
    ),
    path("tableau-de-bord/", staff.dashboard, name="dashboard"),
    path("composants/", staff.components, name="components"),
]
