"""Parameter types shared by every API operation, so each number has its range in the schema.

A database id is a positive 64-bit integer; an offset is never negative and a limit is
bounded. Out of range, the request is a 400 naming the parameter, never a database error."""

from __future__ import annotations

from typing import Annotated

from ninja import Field as NinjaField
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import Field

MAX_ID = 2**63 - 1  # the largest bigint: every primary key and every id a client sends
MAX_OFFSET = 10**12  # no listing is longer; beyond it the database would overflow
MAX_LIMIT = 500

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Page = Annotated[int, Field(ge=1, le=MAX_OFFSET)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=`` with both bounded (limit 1-500, offset 0-10^12)."""

    class Input(Schema):
        limit: Limit = NinjaField(100, description="items per page (1-500)")
        offset: Offset = NinjaField(0, description="items to skip")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
