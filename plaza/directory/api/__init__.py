"""The directory's HTTP API, mounted at /api/directory/: schemas (and the router), reads, writes."""

from plaza.directory.api import reads, writes  # noqa: F401 - register their routes on the router
from plaza.directory.api.schemas import router

__all__ = ["router"]
