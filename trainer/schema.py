"""The error answers every operation can give, written into the OpenAPI schema (issue 18, item 4).

drf-spectacular documents what a view declares; the errors come from the layers around it: authentication (401),
permissions (403), the object lookup (404), the body's size and the parsers (400, 413, 415) and the throttles
(429). This hook adds each to every operation that can meet it, unless the view described that code itself, so a
client generated from the schema knows every answer the server gives (docs/api.md, Errors).
"""

from __future__ import annotations

from typing import Any

# DRF's exception handler answers these as `{"detail": "..."}`.
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in a sentence."}},
    "required": ["detail"],
}
# A refused body or parameter: each field with its reasons (`{"field": ["reason"]}`), nested for nested fields; a
# refusal of the whole body is under `non_field_errors` (or `detail`), and a few services answer a list of reasons.
FIELD_ERRORS = {
    "anyOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ],
    "description": '`{"field": ["reason", ...]}` for each field refused.',
}
SCHEMAS = {"ErrorDetail": DETAIL, "FieldErrors": FIELD_ERRORS}

ANSWERS = {
    "400": ("FieldErrors", "Bad input: each field refused, with the reason."),
    "401": ("ErrorDetail", "Not signed in: no token or session, or one that is no longer valid (sent anywhere)."),
    "403": ("ErrorDetail", "Signed in, but this role may not do this (a coach's action, staff's only, ...)."),
    "404": ("ErrorDetail", "No such object, or one the caller may not see (the two look alike); a page past the last."),
    "413": ("ErrorDetail", "The body is larger than this endpoint accepts."),
    "415": ("ErrorDetail", "A body in a format this endpoint does not read."),
    "429": ("ErrorDetail", "Too many requests: wait for the seconds in the Retry-After header."),
}
WRITES = {"post", "put", "patch"}
# Bodies are JSON (docs/api.md: "send JSON, or multipart for files"). DRF's form parsers are still on, but a form
# cannot carry what these bodies hold (null, nested lists and objects, an empty value that is not "absent"), so the
# schema does not offer them where JSON is read; a multipart-only operation (a file upload) keeps multipart.
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
METHODS = WRITES | {"get", "delete"}


def _codes(operation: dict[str, Any], method: str, path: str) -> list[str]:
    public = {} in operation.get("security", [{}])
    # DRF reads a sent token before any view, so even an operation open to all answers 401 to a bad one.
    codes = ["429", "401"]
    if not public:
        codes.append("403")
    query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    if "{" in path or "page" in query:  # an object the caller may not see, or a page past the last
        codes.append("404")
    if method in WRITES or query or "{" in path:  # a body, a parameter or a path value refused
        codes.append("400")
    if method in WRITES:
        codes += ["413", "415"]
    return codes


def _json_bodies_only(operation: dict[str, Any]) -> None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        for form in FORMS:
            content.pop(form, None)


# One quantity in two units (docs/api.md, Units): a body that creates takes exactly one of them, a correction at
# most one; both at once is a 400 naming both (people.api.one_unit). Answers carry both, so only requests say it.
UNIT_PAIRS = (("mass_kg", "mass_lb"), ("water_ml", "water_fl_oz"))


def _one_unit_each(schemas: dict[str, Any]) -> None:
    for name, component in schemas.items():
        properties = component.get("properties", {})
        if not name.endswith("Request"):
            continue
        for first, second in UNIT_PAIRS:
            if first not in properties or second not in properties:
                continue
            if name.startswith("Patched"):
                rule = {"not": {"required": [first, second]}}
            else:
                rule = {"oneOf": [{"required": [first]}, {"required": [second]}]}
            component.setdefault("allOf", []).append(rule)


def add_error_answers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the error answers of every operation, as `$ref`s to two schemas,
    request bodies in JSON only where the operation reads JSON, and one unit of each quantity in a request."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(SCHEMAS)
    _one_unit_each(result["components"]["schemas"])
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            _json_bodies_only(operation)
            responses = operation.setdefault("responses", {})
            for code in _codes(operation, method, path):
                name, description = ANSWERS[code]
                if code not in responses:
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                    }
    return result
