"""The JSON Schema of case files, for editors (yaml-language-server and the like)."""

from __future__ import annotations

from typing import Any


def case_schema() -> dict[str, Any]:
    from .model import Case

    schema = Case.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://intervensi.invalid/schema/case-1.json"
    schema["title"] = "intervensi case file (schema_version 1)"
    return schema
