from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["core"])
PREFIX = "/"


class LanguageOut(Schema):
    code: str
    name: str


@router.get("languages", response=list[LanguageOut], summary="Interface languages")
def languages(request: HttpRequest) -> list[LanguageOut]:
    return [LanguageOut(code=code, name=str(name)) for code, name in settings.LANGUAGES]
