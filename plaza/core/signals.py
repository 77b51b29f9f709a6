"""Every Plaza model's text is saved without control characters (see plaza.core.text).

One ``pre_save`` receiver covers the pages, the API, the imports and the admin at once; the
few bulk writes that skip signals clean their rows themselves (``clean_control``)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models

from plaza.core.text import clean_control, has_control, xml_safe


@cache
def _text_fields(model: type[models.Model]) -> tuple[tuple[str, bool], ...]:
    """(attribute, is_json) of the model's text and JSON fields."""
    return tuple(
        (field.attname, isinstance(field, models.JSONField))
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    )


def clean_text_fields(
    sender: type[models.Model], instance: Any, raw: bool = False, **_: Any
) -> None:
    if raw or not sender.__module__.startswith("plaza."):
        return
    for name, is_json in _text_fields(sender):
        value = getattr(instance, name, None)
        if isinstance(value, str):
            if has_control(value):
                setattr(instance, name, clean_control(value))
        elif is_json and isinstance(value, list | dict):
            setattr(instance, name, xml_safe(value))
