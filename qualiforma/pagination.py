import re

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from qualiforma.errors import ValidationFailed

_POSITIVE = re.compile(r"[1-9][0-9]{0,8}")


def _positive_int(request, name):
    """The query parameter `name` as a positive integer, None when absent."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not _POSITIVE.fullmatch(raw):
        raise ValidationFailed(details={name: [_("Un entier positif est attendu.")]})
    return int(raw)


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = 100

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param)
        if size is None:
            return self.page_size
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        # Junk is a 400; a page past the last one stays DRF's 404.
        _positive_int(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Items per page, at most {self.max_page_size} (more is capped)."
                )
        return parameters

    def get_paginated_response(self, data):
        page = self.page
        response = Response(
            {
                "data": data,
                "pagination": {
                    "page": page.number,
                    "pageSize": page.paginator.per_page,
                    "totalItems": page.paginator.count,
                    "totalPages": page.paginator.num_pages,
                    "next": self.get_next_link(),
                    "previous": self.get_previous_link(),
                },
            }
        )
        response.enveloped = True
        return response

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["data", "pagination"],
            "properties": {
                "data": schema,
                "pagination": {
                    "type": "object",
                    "required": [
                        "page",
                        "pageSize",
                        "totalItems",
                        "totalPages",
                        "next",
                        "previous",
                    ],
                    "properties": {
                        "page": {"type": "integer"},
                        "pageSize": {"type": "integer"},
                        "totalItems": {"type": "integer"},
                        "totalPages": {"type": "integer"},
                        "next": {"type": "string", "format": "uri", "nullable": True},
                        "previous": {
                            "type": "string",
                            "format": "uri",
                            "nullable": True,
                        },
                    },
                },
            },
        }
