from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = 100

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
