"""Pages for the tenant's staff: the dashboard and the component guide."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from pages.selectors import dashboard_figures, month_start
from pages.views import page


def staff_page(view):
    @page
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_page
def dashboard(request):
    now = timezone.now()
    return render(
        request,
        "pages/dashboard.html",
        {
            "figures": dashboard_figures(request.user, now=now),
            "since": month_start(now),
        },
    )


@staff_page
def components(request):
    return render(request, "pages/components.html")
