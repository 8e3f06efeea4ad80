"""OpenAPI generation that matches what the API really sends.

Successful bodies are wrapped in `{"data": ...}`; every operation lists the
error statuses it can answer, in the error envelope; tenant operations
take the `X-Tenant-ID` header.
"""

from drf_spectacular.openapi import AutoSchema

PLATFORM_PREFIXES = ("/api/v1/tenants", "/api/v1/platform/")

ERROR_ENVELOPE = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "example": "validation_error"},
                "message": {"type": "string"},
                "details": {"type": "object", "additionalProperties": True},
            },
        }
    },
}

_ERROR_DESCRIPTIONS = {
    "400": (
        "Invalid request (validation_error, malformed_request, tenant_required, "
        "invalid_idempotency_key)"
    ),
    "401": "Missing, invalid or other tenant's credentials",
    "402": "A confirmed payment is required (payment_required)",
    "403": "The role may not do this (permission_denied)",
    "404": "Not found, also for another tenant's or user's object",
    "405": "Method not allowed",
    "409": (
        "Conflict with the current state (invalid_transition, …_exists, "
        "idempotency_conflict)"
    ),
    "413": "Request body too large",
    "415": "Unsupported media type",
    "429": "Too many failed sign-ins (too_many_attempts); see Retry-After",
}


class EnvelopeAutoSchema(AutoSchema):
    def _get_response_for_code(self, serializer, status_code, *args, **kwargs):
        response = super()._get_response_for_code(
            serializer, status_code, *args, **kwargs
        )
        paginated = self._is_list_view(serializer) and self._get_paginator()
        if status_code.startswith("2") and not paginated:
            for media in response.get("content", {}).values():
                media["schema"] = {
                    "type": "object",
                    "required": ["data"],
                    "properties": {"data": media["schema"]},
                }
        return response


def _error_codes(path, method, operation):
    codes = {"400", "404", "405"}
    if operation.get("security") != [{}] and "security" in operation:
        codes |= {"401", "403"}
    if method in ("post", "patch", "put"):
        codes |= {"409", "413", "415"}
    if method == "delete":
        codes.add("409")
    if path.endswith(("/auth/token", "/auth/token/refresh", "/auth/logout")):
        codes.add("401")
    if path.endswith("/auth/token"):
        codes.add("429")
    if path == "/api/v1/enrollments" and method == "post":
        codes.add("402")
    return codes


IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Replays the first answer (status and body) for 24 hours to the same "
        "user; the same key with another request is 409 idempotency_conflict."
    ),
}


def _is_signed_in(operation):
    return "security" in operation and operation["security"] != [{}]


def add_tenant_header_and_errors(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorEnvelope"] = ERROR_ENVELOPE
    for name, component in components.items():
        # Request bodies are StrictSerializers: an unknown field is a 400.
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    ref = {"$ref": "#/components/schemas/ErrorEnvelope"}

    for path, operations in result.get("paths", {}).items():
        is_platform = path.startswith(PLATFORM_PREFIXES)
        for method, operation in operations.items():
            if not is_platform:
                operation.setdefault("parameters", []).insert(
                    0,
                    {
                        "in": "header",
                        "name": "X-Tenant-ID",
                        "required": True,
                        "schema": {"type": "string", "maxLength": 50},
                        "description": "The tenant's id (slug), e.g. votre-tenant",
                    },
                )
            if method == "post" and _is_signed_in(operation):
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            responses = operation.setdefault("responses", {})
            for code in sorted(_error_codes(path, method, operation)):
                responses.setdefault(
                    code,
                    {
                        "description": _ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return result
