"""OpenAPI schema additions: every operation's error answers, in the API's one error shape."""

ERRORS = {
    "type": "object",
    "description": 'Every API error: {"errors": {NAME: [MESSAGE, ...]}}, NAME being the field '
    'or query parameter at fault, or "detail" for the request as a whole.',
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
    "required": ["errors"],
}

ERROR_ANSWERS = {
    "400": "A parameter, field or body that cannot be used (the error names it).",
    "404": "No such object, or no such path.",
    "405": "Method not allowed.",
    "406": "Only JSON (or the format the path names) can be sent.",
    "413": "Request body too large.",
    "415": "Body in a media type this operation does not read.",
    "429": "Too many requests from here; try again later.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the errors every operation may answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Errors"] = ERRORS
    reference = {"$ref": "#/components/schemas/Errors"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_ANSWERS.items():
                documented = responses.setdefault(code, {"description": description})
                documented["content"] = {"application/json": {"schema": reference}}
    return result
