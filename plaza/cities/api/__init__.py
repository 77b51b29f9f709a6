"""The Focal City workspace's HTTP API, mounted at /api/cities/: schemas and routes."""

from plaza.cities.api.routes import router

__all__ = ["router"]
