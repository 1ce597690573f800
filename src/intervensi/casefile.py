"""Loading a case file into a :class:`~intervensi.model.Case`, with errors that point into it.

:func:`load_case` is the read path: fast parse, schema version check, Pydantic
validation, and the cross-field rules. Every problem becomes a :class:`CaseFileError`
with the file, line, column and field path — and never the value, because values are
client data. :func:`problems` returns all of them (for ``check``); :func:`validate_data`
raises :class:`ValidationFailed` carrying all of them.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import CaseFileError, ValidationFailed
from .model import SCHEMA_VERSION, Case
from .yamlio import Positions, parse, read_text

Loc = tuple[str | int, ...]


def load_case(path: Path | str) -> Case:
    """Read, parse and validate one case file. Raises :class:`CaseFileError` subclasses."""
    path = Path(path)
    text = read_text(path)
    return validate_data(parse(text, path), path, text)


def load_text(text: str, path: Path | None = None) -> Case:
    return validate_data(parse(text, path), path, text)


def validate_data(data: Any, path: Path | None = None, text: str | None = None) -> Case:
    """Validate parsed data; on failure raise :class:`ValidationFailed` with every problem."""
    case, found = _validate(data, path, text)
    if case is None or found:
        raise ValidationFailed(found, path=path)
    return case


def problems(path: Path | str) -> list[CaseFileError]:
    """Every problem of one file (empty when it is a valid case file)."""
    path = Path(path)
    try:
        text = read_text(path)
        data = parse(text, path)
    except CaseFileError as exc:
        return [exc]
    return _validate(data, path, text)[1]


def _validate(data: Any, path: Path | None, text: str | None) -> tuple[Case | None, list[CaseFileError]]:
    if data is None:
        return None, [CaseFileError("the file is empty", path=path, line=1, key="empty")]
    if not isinstance(data, dict):
        return None, [CaseFileError("not a case file: the top level must be a mapping of fields", path=path, line=1, key="not_mapping")]
    version = data.get("schema_version")
    if version is None:
        return None, [CaseFileError("no schema_version: not an intervensi case file", path=path, line=1, field="schema_version", key="no_schema_version")]
    if version != SCHEMA_VERSION:
        err = CaseFileError(
            f"schema_version {version!s:.10} is not supported (this intervensi reads {SCHEMA_VERSION})",
            path=path,
            field="schema_version",
            key="schema_version",
            params={"found": str(version)[:10], "supported": SCHEMA_VERSION},
        )
        return None, _locate([err], [("schema_version",)], text, path)
    try:
        case = Case.model_validate(data, context={"defer_consistency": True})
    except ValidationError as exc:
        errs, locs = _from_pydantic(exc, path)
        return None, _locate(errs, locs, text, path)
    found = case.consistency_issues()
    if not found:
        return case, []
    from .i18n import t

    errs = []
    locs = []
    for where, key, params in found:
        loc = _parse_loc(where)
        words = {lang: t(f"val.{key}", lang, **params) for lang in ("en", "id")}
        errs.append(CaseFileError(words["en"], path=path, field=where, key="consistency",
                                  params={"problem": words["en"], "problem_en": words["en"], "problem_id": words["id"], "rule": key}))
        locs.append(loc)
    return case, _locate(errs, locs, text, path)


def _parse_loc(where: str) -> Loc:
    out: list[str | int] = []
    for part in where.split("."):
        if part == "*":
            break
        out.append(int(part) if part.isdigit() else part)
    return tuple(out)


def _from_pydantic(exc: ValidationError, path: Path | None) -> tuple[list[CaseFileError], list[Loc]]:
    errs: list[CaseFileError] = []
    locs: list[Loc] = []
    for e in exc.errors(include_url=False, include_input=False, include_context=True):
        loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        field = ".".join(str(x) for x in loc)
        kind = e["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            hint_name = _did_you_mean(loc[:-1], name)
            hint = f" (did you mean '{hint_name}'?)" if hint_name else ""
            parent = ".".join(str(x) for x in loc[:-1])
            errs.append(
                CaseFileError(
                    f"unknown field '{name}'{hint}",
                    path=path,
                    field=parent or None,
                    key="unknown_key",
                    params={"name": name, "hint_name": hint_name},
                )
            )
            locs.append(("__key__", *loc))
            continue
        if kind == "missing":
            errs.append(CaseFileError("required field is missing", path=path, field=field, key="missing"))
        else:
            from .validation_i18n import describe_both

            words = describe_both(e)
            errs.append(
                CaseFileError(words["en"], path=path, field=field, key="invalid_value", params={"problem": words["en"], "problem_en": words["en"], "problem_id": words["id"]})
            )
        locs.append(loc)
    return errs, locs


def _locate(errs: list[CaseFileError], locs: list[Loc], text: str | None, path: Path | None) -> list[CaseFileError]:
    """Fill in line and column by re-parsing the text with positions (only on failure)."""
    if text is None:
        return errs
    positions = Positions()
    try:
        parse(text, path, positions)
    except CaseFileError:
        return errs
    for err, loc in zip(errs, locs, strict=True):
        if loc and loc[0] == "__key__":
            pos = positions.find(loc[1:], key=True)
        else:
            pos = positions.find(loc, key=True) if loc and loc not in positions.values else positions.find(loc)
        if pos:
            err.line, err.column = pos
    return errs


def _did_you_mean(parent: Loc, name: str) -> str | None:
    fields = fields_at(parent)
    match = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    return match[0] if match else None


def fields_at(loc: Loc) -> list[str]:
    """The field names allowed at a location of the case file (for hints and completion)."""
    model: Any = Case
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = _field(model, part)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or n for n, f in model.model_fields.items()]
    return []


def _field(model: type[BaseModel], name: str) -> Any:
    for n, f in model.model_fields.items():
        if n == name or f.alias == name:
            return f
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def check_file(path: Path) -> tuple[Case | None, list[CaseFileError]]:
    """Load one file for ``check``: the case when valid, and every problem found."""
    try:
        text = read_text(path)
        data = parse(text, path)
    except CaseFileError as exc:
        return None, [exc]
    case, found = _validate(data, path, text)
    if case is not None and not found and path.suffix in (".yaml", ".yml") and path.stem != case.id:
        found = [
            CaseFileError(
                f"the file name does not match the case id '{case.id}'",
                path=path,
                field="id",
                key="id_mismatch",
                params={"id": case.id},
            )
        ]
        _locate(found, [("id",)], text, path)
    return (case if not found else None), found


__all__ = ["check_file", "fields_at", "load_case", "load_text", "problems", "validate_data"]
