"""What people wait for: server time, SQL queries and bytes of one page of every kind.

Runnable alone:  .venv/bin/python bench/pages.py [--requests N] [--postgres URL]

Loads the demo on a scratch database, then requests one URL of every page kind (home,
library list with and without filters, a resource page, search with and without semantic
search, a city page, its dashboard and commitments board, statistics country and city pages,
the directory, the inquiry form, the API's list and search endpoints) as an anonymous visitor
and as Lima's coordinator, through Django's full middleware stack in this process. Beside
them, in the same run, the floor: a view that returns a fixed short page behind the same
middleware, so the ratio says how much of each page's time is Plaza's own.

Results go to docs/dev/benchmarks.md between <!-- BEGIN pages --> and <!-- END pages -->.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plaza_bench import setup_django, write_section


def floor_urlconf() -> None:
    """Plaza's URLs plus /bench-floor/, a view that does no work (the floor)."""
    import types

    from django.conf import settings
    from django.http import HttpRequest, HttpResponse
    from django.urls import clear_url_caches, path

    import plaza.urls

    def floor(request: HttpRequest) -> HttpResponse:
        return HttpResponse("<!doctype html><title>floor</title><p>ok</p>")

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [path("bench-floor/", floor), *plaza.urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules["bench_pages_urls"] = module
    settings.ROOT_URLCONF = "bench_pages_urls"
    clear_url_caches()


def page_urls() -> list[tuple[str, str]]:
    """(page kind, URL) for every kind, on the demo records."""
    from plaza.cities.models import City
    from plaza.library.models import Resource

    resource = Resource.objects.filter(status="published", visibility="public").order_by("pk")
    law = resource.filter(type="law").first() or resource.first()
    assert law is not None, "the demo library is empty"
    lima = City.objects.get(slug="lima")
    return [
        ("floor (minimal view)", "/bench-floor/"),
        ("home", "/en/"),
        ("library list", "/en/library/"),
        ("library list, filtered", "/en/library/?type=law&lang=es"),
        ("resource page", law.get_absolute_url()),
        ("search, semantic on", "/en/search/?q=street+vendors"),
        ("search, semantic off", "/en/search/?q=street+vendors&semantic=off"),
        ("city page", f"/en/cities/{lima.slug}/"),
        ("city dashboard", f"/en/cities/{lima.slug}/dashboard/"),
        ("commitments board", f"/en/cities/{lima.slug}/commitments/"),
        ("statistics, country", f"/en/statistics/country/{lima.country.lower()}/"),
        ("statistics, city", f"/en/statistics/city/{lima.slug}/"),
        ("directory", "/en/directory/"),
        ("inquiry form", "/en/partnering/"),
        ("API: resources", "/api/library/resources?limit=20"),
        ("API: search", "/api/search?q=waste+pickers"),
    ]


def measure(client: Any, url: str, requests: int) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: list[float] = []
    queries = size = sent = status = 0
    # As a browser asks: gzip accepted (the compression is part of the timed work).
    headers = {"accept-encoding": "gzip"}
    client.get(url, headers=headers)  # warm: templates, caches and the index snapshot
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        sent = len(response.content)
        compressed = response.get("Content-Encoding") == "gzip"
        size = len(gzip.decompress(response.content)) if compressed else sent
        status = response.status_code
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": queries,
        "bytes": size,
        "sent": sent,
        "status": status,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument(
        "--postgres", default="", help="a PostgreSQL URL (emptied) instead of SQLite"
    )
    args = parser.parse_args()
    setup_django(args.postgres)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    started = time.perf_counter()
    call_command("demo", verbosity=0)
    demo_seconds = time.perf_counter() - started
    floor_urlconf()
    from plaza.accounts.models import User

    anonymous = Client()
    coordinator = Client()
    coordinator.force_login(User.objects.get(username="coordinator-lima"))
    rows = []
    backend = "PostgreSQL" if args.postgres else "SQLite"
    # Pages as in production (no DEBUG); static URLs without a collectstatic manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        DEBUG=False, ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS], STORAGES=storages
    ):
        floors = {}
        for who, client in (("anonymous", anonymous), ("coordinator", coordinator)):
            for kind, url in page_urls():
                figures = measure(client, url, args.requests)
                if kind.startswith("floor"):
                    floors[who] = figures["p50"]
                rows.append((who, kind, url, figures))
                print(
                    f"{who:11} {kind:28} {figures['p50']:7.1f} ms p50 {figures['p95']:7.1f} ms p95 "
                    f"{figures['queries']:3} queries {figures['bytes']:8,} B {figures['sent']:8,} B sent "
                    f"{figures['status']}"
                )
    lines = [
        f"`bench/pages.py --requests {args.requests}` on {backend}, demo data loaded in "
        f"{demo_seconds:.0f} s. Server time through Django's whole middleware stack in one "
        "process (no network), median and 95th percentile of the timed requests after one warm-up "
        "request, each asking for gzip as a browser does; SQL queries and bytes of the last response "
        "(*bytes*: the page, *sent*: what went over the wire). *× floor* = median over the median of "
        "a view that returns a fixed short page behind the same middleware, measured in the same run.",
        "",
        "| who | page | status | median ms | p95 ms | × floor | SQL queries | bytes | sent |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for who, kind, _url, f in rows:
        ratio = f["p50"] / floors[who] if floors.get(who) else 0.0
        lines.append(
            f"| {who} | {kind} | {f['status']:.0f} | {f['p50']:.1f} | {f['p95']:.1f} | "
            f"{ratio:.1f} | {f['queries']:.0f} | {f['bytes']:,.0f} | {f['sent']:,.0f} |"
        )
    write_section("pages" if not args.postgres else "pages-postgresql", "\n".join(lines))


if __name__ == "__main__":
    main()
