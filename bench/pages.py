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

With --profile, instead: where each page kind's server time goes (SQL time and count, template
rendering, the rest) and the functions that take it (cProfile, Plaza's own first), written
between <!-- BEGIN pages-profile --> and <!-- END pages-profile -->.
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


class Phases:
    """SQL time and count (connection.execute_wrapper) and template rendering time (the
    outermost Template.render, with the SQL run inside it counted apart) of the requests
    made inside it."""

    def __init__(self) -> None:
        self.sql_ms = self.sql_in_templates_ms = self.template_ms = 0.0
        self.queries = 0
        self._depth = 0

    def __enter__(self) -> Phases:
        from django.db import connection
        from django.template.base import Template

        self._original_render = Template.render
        phases = self

        def render(template: Any, context: Any) -> Any:
            phases._depth += 1
            started = time.perf_counter()
            try:
                return phases._original_render(template, context)
            finally:
                phases._depth -= 1
                if phases._depth == 0:
                    phases.template_ms += (time.perf_counter() - started) * 1000

        Template.render = render  # type: ignore[method-assign]
        self._wrapper = connection.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        from django.template.base import Template

        self._wrapper.__exit__(*exc)
        Template.render = self._original_render  # type: ignore[method-assign]

    def _execute(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = (time.perf_counter() - started) * 1000
            self.sql_ms += spent
            self.queries += 1
            if self._depth:
                self.sql_in_templates_ms += spent


def top_functions(stats: Any, limit: int = 6) -> list[tuple[str, float, float, int]]:
    """(function, cumulative ms, own ms, calls) of the functions that take most of a
    profiled request: Plaza's own functions (under plaza/, the middleware left out: every
    page has it), then third-party ones if Plaza's are too few."""
    root = str(Path(__file__).resolve().parent.parent)
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        rows.append((filename, line, name, cumulative * 1000, own * 1000, calls))
    rows.sort(key=lambda row: -row[3])

    def label(filename: str, line: int, name: str) -> str:
        if filename.startswith(root):
            filename = filename[len(root) + 1 :]
        elif "site-packages/" in filename:
            filename = filename.split("site-packages/", 1)[1]
        return f"{filename}:{line}:{name}"

    # Plaza's own code, less the middleware that wraps every request (the floor's share).
    ours = [
        r
        for r in rows
        if "/plaza/" in r[0]
        and "/site-packages/" not in r[0]
        and not r[0].endswith("middleware.py")
    ]
    chosen = ours[:limit]
    if len(chosen) < limit:
        others = [r for r in rows if r not in chosen and "/django/" not in r[0]]
        chosen += others[: limit - len(chosen)]
    return [(label(f, line, n), cum, own, calls) for f, line, n, cum, own, calls in chosen]


def profile(client: Any, url: str, requests: int) -> dict[str, Any]:
    """Where one page's server time goes: phases over the timed requests (medians), then
    the functions of one request under cProfile (slower: read its shares, not its ms)."""
    import cProfile
    import pstats

    headers = {"accept-encoding": "gzip"}
    client.get(url, headers=headers)  # warm, as in measure()
    runs = []
    for _ in range(requests):
        with Phases() as phases:
            started = time.perf_counter()
            client.get(url, headers=headers)
            total = (time.perf_counter() - started) * 1000
        runs.append((total, phases))
    runs.sort(key=lambda run: run[0])
    total, phases = runs[len(runs) // 2]  # the median request, its phases
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, headers=headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    template_own = phases.template_ms - phases.sql_in_templates_ms
    return {
        "total": total,
        "sql_ms": phases.sql_ms,
        "queries": phases.queries,
        "template_ms": template_own,
        "rest_ms": max(0.0, total - phases.sql_ms - template_own),
        "functions": top_functions(stats),
    }


def run_profile(rows: list[tuple[str, str, str, dict[str, Any]]], args: Any, backend: str) -> None:
    lines = [
        f"`bench/pages.py --profile --requests {args.requests}` on {backend}. For each page "
        "kind, the request with the median server time among the timed ones: *SQL* = time inside "
        "the database calls (connection.execute_wrapper) and their count, *templates* = time in "
        "template rendering less the SQL run from templates, *rest* = everything else (view "
        "code, forms, middleware, compression). Then one more request under cProfile (which "
        "slows Python code down, so read shares, not milliseconds): the functions with the most "
        "cumulative time, Plaza's own (under `plaza/`) first, the middleware left out.",
        "",
        "| who | page | median ms | SQL ms | SQL queries | templates ms | rest ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for who, kind, _url, f in rows:
        lines.append(
            f"| {who} | {kind} | {f['total']:.1f} | {f['sql_ms']:.1f} | {f['queries']} | "
            f"{f['template_ms']:.1f} | {f['rest_ms']:.1f} |"
        )
    lines += [
        "",
        "Functions with the most cumulative time (cProfile: cumulative ms / own ms / calls):",
        "",
    ]
    for who, kind, _url, f in rows:
        if kind.startswith("floor"):
            continue
        top = "; ".join(
            f"`{name}` {cum:.0f}/{own:.0f}/{calls}" for name, cum, own, calls in f["functions"]
        )
        lines.append(f"- {who}, {kind}: {top}")
    write_section(
        "pages-profile" if not args.postgres else "pages-profile-postgresql", "\n".join(lines)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument(
        "--postgres", default="", help="a PostgreSQL URL (emptied) instead of SQLite"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="report where each page's time goes (SQL, templates, functions) instead",
    )
    parser.add_argument(
        "--only", default="", help="with --profile: only the page kinds containing this text"
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
                if args.profile:
                    if args.only and args.only not in kind and not kind.startswith("floor"):
                        continue
                    figures = profile(client, url, args.requests)
                    rows.append((who, kind, url, figures))
                    print(
                        f"{who:11} {kind:28} {figures['total']:7.1f} ms: SQL {figures['sql_ms']:6.1f} ms "
                        f"({figures['queries']} queries), templates {figures['template_ms']:6.1f} ms, "
                        f"rest {figures['rest_ms']:6.1f} ms"
                    )
                    for name, cum, own, calls in figures["functions"]:
                        print(f"{'':14}{cum:8.1f} ms cum {own:7.1f} ms own {calls:6} calls  {name}")
                    continue
                figures = measure(client, url, args.requests)
                if kind.startswith("floor"):
                    floors[who] = figures["p50"]
                rows.append((who, kind, url, figures))
                print(
                    f"{who:11} {kind:28} {figures['p50']:7.1f} ms p50 {figures['p95']:7.1f} ms p95 "
                    f"{figures['queries']:3} queries {figures['bytes']:8,} B {figures['sent']:8,} B sent "
                    f"{figures['status']}"
                )
    if args.profile:
        if not args.only:  # a partial run prints only
            run_profile(rows, args, backend)
        return
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
