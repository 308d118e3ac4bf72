"""The public contract in JSON: reports and letters to JSON-ready data and back, and their schema.

Inside the pipeline the models are plain dataclasses (`checker.models`); pydantic is used
only here, at the edge, to serialise them, to validate a JSON report back into a `Report`,
and to publish the JSON Schema. It is imported on first use, so a run that prints text
never loads it.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, TypeVar

from checker.models import Letter, Report

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")


@functools.cache
def _adapter(model: type[T]) -> TypeAdapter[T]:
    from pydantic import TypeAdapter

    return TypeAdapter(model)


def _adapter_of(value: Report | Letter) -> TypeAdapter[Any]:
    return _adapter(Report) if isinstance(value, Report) else _adapter(Letter)


def to_data(value: Report | Letter) -> dict[str, Any]:
    """A report or letter as JSON-ready data (enums as their values)."""
    data: dict[str, Any] = _adapter_of(value).dump_python(value, mode="json")
    return data


def to_json(value: Report | Letter, indent: int | None = None) -> str:
    return _adapter_of(value).dump_json(value, indent=indent).decode()


def report_from_data(data: Any) -> Report:
    """A `Report` from the data of a JSON report; pydantic's ValidationError when it is not one."""
    return _adapter(Report).validate_python(data)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of one result of the JSON report."""
    return _adapter(Report).json_schema()
