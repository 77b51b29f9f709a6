"""Throughput under load: simulated users against `plaza serve` on loopback, with a floor.

Runnable alone:

    .venv/bin/python bench/load.py                      # SQLite, 2 workers x 4 threads
    .venv/bin/python bench/load.py --postgres postgres://postgres@127.0.0.1:5432/plaza_bench_load \
        --workers 3

Loads the demo into a scratch data folder (kept, with a marker, so the next run skips it),
starts `plaza serve` (gunicorn, the production server) on 127.0.0.1 with bench/load_settings.py
(Plaza's settings plus /bench-floor/, a view that does no work, behind the same middleware),
then runs simulated users, each with its own keep-alive connection and cookies as a browser
has, 0-1 s think time between requests:

- readers (anonymous) over the page kinds of bench/pages.py, on many resources and queries,
  with the floor as one more page kind (it queues with the rest: its latency is the server's);
- one inquiry poster (the partnering form, read then posted);
- one librarian (logged in) opening a resource's edit form and saving it.

Bounded: loopback only, a fixed number of users and seconds, every request with a timeout.
Reports requests/s, p50/p95/p99 per page kind, HTTP errors and connection resets (a request
whose connection was closed or reset under it), then ramps the number of users in short steps
to find how many the set-up holds at p95 500 ms. Results go to docs/dev/benchmarks.md between
<!-- BEGIN load-sqlite --> (or load-postgresql) and <!-- END ... -->.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plaza_bench import ROOT, write_section

BENCH = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
TIMEOUT = 30.0  # seconds a request may take before it counts as an error
QUERIES = [
    "street vendors",
    "waste pickers",
    "informal economy",
    "social protection",
    "home-based workers",
    "market",
    "vendedores ambulantes",
    "recycling",
    "public space",
    "minimum wage",
]
RESET_ERRORS = (
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
    http.client.RemoteDisconnected,
    http.client.IncompleteRead,
)


# --- the server ------------------------------------------------------------------------


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PLAZA_DATA_DIR": str(args.data_dir),
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
            "PLAZA_LOG_LEVEL": "WARNING",
            "PLAZA_SECRET_KEY": env.get("PLAZA_SECRET_KEY", "bench-only-secret"),
            # One address posts every inquiry here; the per-address limit (5 an hour) would
            # answer 429 after the fifth, which is the limit working, not load.
            "PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR": "100000",
        }
    )
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
    else:
        env.pop("DATABASE_URL", None)
    return env


def plaza(args: argparse.Namespace, *command: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "-m", "plaza", *command],
        env=server_env(args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"plaza {' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_data(args: argparse.Namespace) -> float:
    """Migrate and load the demo once per data folder (and database); seconds spent."""
    marker = args.data_dir / "bench-load-demo"
    wanted = args.postgres or "sqlite"
    if marker.exists() and marker.read_text() == wanted:
        plaza(args, "migrate", "--noinput")  # the code may have new migrations since
        return 0.0
    args.data_dir.mkdir(parents=True, exist_ok=True)
    if args.postgres:
        from plaza_bench import _recreate_postgres_database

        _recreate_postgres_database(args.postgres)
    started = time.perf_counter()
    plaza(args, "migrate", "--noinput")
    plaza(args, "demo")
    marker.write_text(wanted)
    return time.perf_counter() - started


SITE_SCRIPT = """
import json
from pages import page_urls
from plaza.library.models import Resource
public = Resource.objects.filter(status="published", visibility="public").order_by("pk")
print(json.dumps({
    "pages": page_urls(),
    "resources": [r.get_absolute_url() for r in public[:300]],
    "editable": list(public.values_list("pk", flat=True)[:300]),
}))
"""


def site_urls(args: argparse.Namespace) -> dict[str, Any]:
    out = plaza(args, "shell", "-c", SITE_SCRIPT)
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data


class Server:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        args = self.args
        command = [
            str(PYTHON),
            "-m",
            "plaza",
            "serve",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ]
        log = open(args.data_dir / "bench-load-server.log", "ab")
        self.process = subprocess.Popen(
            command, env=server_env(args), cwd=ROOT, stdout=log, stderr=log, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                connection.request("GET", "/bench-floor/")
                if connection.getresponse().status == 200:
                    connection.close()
                    return self
            except OSError:
                time.sleep(0.3)
            if self.process.poll() is not None:
                raise SystemExit("plaza serve stopped; see bench-load-server.log")
        raise SystemExit("plaza serve did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


# --- a browser-like user ---------------------------------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: their fields as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"method": a.get("method", "get").lower(), "fields": [], "choices": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields: list[tuple[str, str]] = self._form["fields"]
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                self._form["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            fields.append((name, ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a)
            self._options = []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form["fields"] += [(name, v) for v in chosen]
            self._form["choices"][name] = [v for v, _s in self._options]
            self._select = None
        elif tag == "form":
            self._form = None


def post_form(html: str, needed: str) -> dict[str, Any]:
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        names = {n for n, _v in form["fields"]} | set(form["choices"])
        if form["method"] == "post" and needed in names:
            return form
    raise RuntimeError(f"no POST form with a {needed!r} field on the page")


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)  # kind -> HTTP errors
    resets: dict[str, int] = field(default_factory=dict)  # kind -> connection resets
    other: dict[str, int] = field(default_factory=dict)  # kind -> timeouts, refused...
    samples: list[str] = field(default_factory=list)
    failures: list[tuple[str, float, int]] = field(default_factory=list)
    requests = 0

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.times.setdefault(kind, []).append(seconds * 1000)
            if status >= 400:
                self.errors[kind] = self.errors.get(kind, 0) + 1

    def failure(self, kind: str, exc: BaseException, idle: float, used: int) -> None:
        """A request that got no response; ``idle``: how long its connection had been idle,
        ``used``: the how-manieth request on that connection it was (1: a new one)."""
        with self.lock:
            self.requests += 1
            target = self.resets if isinstance(exc, RESET_ERRORS) else self.other
            target[kind] = target.get(kind, 0) + 1
            self.failures.append((type(exc).__name__, idle, used))
            if len(self.samples) < 10:
                self.samples.append(
                    f"{kind}: {type(exc).__name__}: {exc} (connection idle {idle:.2f} s, "
                    f"request {used} on it)"
                )


class User:
    def __init__(self, port: int, results: Results, stop: float, seed: int) -> None:
        self.port = port
        self.results = results
        self.stop = stop
        self.random = random.Random(seed)
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.last_answer = 0.0  # when the connection's last response ended
        self.used = 0  # requests sent on the current connection

    def request(
        self, kind: str, method: str, url: str, form: list[tuple[str, str]] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        headers = {"Accept-Encoding": "identity", "User-Agent": "plaza-bench-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{url}"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        started = time.perf_counter()
        idle = started - self.last_answer if self.used else 0.0
        self.used += 1
        try:
            self.connection.request(method, url, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.results.failure(kind, exc, idle, self.used)
            self.used = 0
            self.connection.close()
            self.connection = None  # a browser opens a new connection
            return 0, "", {}
        self.last_answer = time.perf_counter()
        self.results.add(kind, self.last_answer - started, response.status)
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status >= 400 and len(self.results.samples) < 10:
            with self.results.lock:
                self.results.samples.append(f"{kind} {url}: HTTP {response.status}")
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
            self.used = 0
        headers_out = {k.lower(): v for k, v in response.getheaders()}
        return response.status, content.decode("utf-8", "replace"), headers_out

    def think(self) -> bool:
        time.sleep(self.random.uniform(0.0, 1.0))
        return time.monotonic() < self.stop

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def reader(user: User, site: dict[str, Any]) -> None:
    pages = [(kind, url) for kind, url in site["pages"]]
    while user.think():
        kind, url = user.random.choice(pages)
        if kind == "resource page":
            url = user.random.choice(site["resources"])
        elif kind.startswith("search"):
            q = urllib.parse.quote_plus(user.random.choice(QUERIES))
            url = f"/en/search/?q={q}" + ("&semantic=off" if "off" in kind else "")
        elif kind == "API: search":
            url = "/api/search?q=" + urllib.parse.quote_plus(user.random.choice(QUERIES))
        user.request(kind, "GET", url)


def inquiry_poster(user: User, site: dict[str, Any]) -> None:
    number = 0
    while user.think():
        status, html, _h = user.request("inquiry form", "GET", "/en/partnering/")
        if status != 200 or not user.think():
            continue
        form = post_form(html, "message")
        fields = dict(form["fields"])
        number += 1
        fields.update(
            {
                "name": f"Load test {number}",
                "email": f"load{number}@example.org",
                "organisation": "Bench University",
                "topic": "Data on street vendors in Lima",
                "message": "We study street vending in Lima and would like to use the "
                "network's data on market licences for a thesis chapter.",
            }
        )
        fields |= {"organisation_kind": "researcher", "country": "PE", "city": "Lima"}
        values = [*fields.items(), ("request_kinds", "research-help")]
        user.request("inquiry post", "POST", "/en/partnering/", values)


def librarian(user: User, site: dict[str, Any]) -> None:
    status, html, _h = user.request("login", "GET", "/en/accounts/login/")
    form = post_form(html, "username")
    fields = dict(form["fields"]) | {"username": "librarian", "password": "plaza-demo"}
    status, _html, _h = user.request("login", "POST", "/en/accounts/login/", list(fields.items()))
    if status != 302:
        raise RuntimeError(f"the librarian could not log in (HTTP {status})")
    edits = 0
    while user.think():
        pk = user.random.choice(site["editable"])
        status, html, _h = user.request("edit form", "GET", f"/en/library/{pk}/edit/")
        if status != 200 or not user.think():
            continue
        form = post_form(html, "abstract")
        edits += 1
        values = [
            (
                n,
                v.rstrip() + f" (checked {edits})"
                if n == "abstract" and "(checked" not in v
                else v,
            )
            for n, v in form["fields"]
        ]
        user.request("edit save", "POST", f"/en/library/{pk}/edit/", values)


def warm_up(args: argparse.Namespace, site: dict[str, Any]) -> None:
    """Every page kind and one inquiry, from two connections per server process at once, so
    that each process has loaded what it loads once (the language model, the rules' example
    vectors: the first inquiry a process screens embeds every example, tens of seconds on a
    busy machine) before the timed runs."""

    def one(seed: int) -> None:
        user = User(args.port, Results(), time.monotonic() + 3600, seed=seed)
        user.think = lambda: True  # type: ignore[method-assign]
        for kind, url in site["pages"]:
            user.request(kind, "GET", url)
        user.stop = 0.0
        status, html, _h = user.request("inquiry form", "GET", "/en/partnering/")
        if status == 200:
            form = post_form(html, "message")
            values = dict(form["fields"]) | {
                "name": "Warm-up",
                "email": f"warm{seed}@example.org",
                "organisation_kind": "researcher",
                "topic": "Warm-up",
                "message": "Could you share the network's studies on waste pickers in Accra?",
            }
            form_values = [*values.items(), ("request_kinds", "information")]
            user.request("inquiry post", "POST", "/en/partnering/", form_values)
        user.close()

    threads = [threading.Thread(target=one, args=(s,)) for s in range(2 * args.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)


def run_users(
    args: argparse.Namespace, site: dict[str, Any], users: int, seconds: float, floor_only: bool
) -> tuple[Results, float]:
    results = Results()
    stop = time.monotonic() + seconds
    threads = []
    for number in range(users):
        user = User(args.port, results, stop, seed=number)
        if floor_only:
            target, extra = reader, {"pages": [("floor", "/bench-floor/")]}
        elif number == 0:
            target, extra = inquiry_poster, site
        elif number == 1:
            target, extra = librarian, site
        else:
            target, extra = reader, site

        def run(target: Any = target, user: User = user, extra: Any = extra) -> None:
            try:
                target(user, extra)
            finally:
                user.close()

        threads.append(threading.Thread(target=run, daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
        time.sleep(0.05)  # users arrive over a second, not in one burst
    for thread in threads:
        thread.join(timeout=seconds + 2 * TIMEOUT)
    return results, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def summary(results: Results) -> tuple[float, float, int, int, int]:
    every = [t for times in results.times.values() for t in times]
    return (
        percentile(every, 0.5),
        percentile(every, 0.95),
        sum(results.errors.values()),
        sum(results.resets.values()),
        sum(results.other.values()),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (recreated)")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of the main run")
    parser.add_argument("--floor-seconds", type=float, default=20.0)
    parser.add_argument(
        "--steps", default="10,20,30,40", help="users per capacity step ('' to skip)"
    )
    parser.add_argument("--step-seconds", type=float, default=30.0)
    parser.add_argument("--no-write", action="store_true", help="print, do not write the docs")
    args = parser.parse_args()
    backend = "PostgreSQL" if args.postgres else "SQLite"
    if args.data_dir is None:
        args.data_dir = Path("/tmp") / f"plaza-bench-load-{backend.lower()}"
    demo_seconds = prepare_data(args)
    plaza(args, "collectstatic", "--noinput", "--verbosity", "0")
    site = site_urls(args)
    load_before = os.getloadavg()
    with Server(args):
        warm_up(args, site)
        floor, floor_elapsed = run_users(args, site, args.users, args.floor_seconds, True)
        print(f"floor alone: {floor.requests / floor_elapsed:.1f} requests/s", summary(floor))
        main_run, elapsed = run_users(args, site, args.users, args.duration, False)
        load_after = os.getloadavg()
        steps: list[tuple[int, Results, float]] = []
        for users in [int(u) for u in args.steps.split(",") if u.strip()]:
            step, step_elapsed = run_users(args, site, users, args.step_seconds, False)
            steps.append((users, step, step_elapsed))
            print(f"{users} users:", f"{step.requests / step_elapsed:.1f}/s", summary(step))
    for sample in main_run.samples + floor.samples:
        print("  ", sample)

    p50, p95, errors, resets, other = summary(main_run)
    fp50, fp95, *_ = summary(floor)
    every = [t for times in main_run.times.values() for t in times]
    lines = [
        f"`bench/load.py{' --postgres URL' if args.postgres else ''} --workers {args.workers} "
        f"--threads {args.threads} --users {args.users} --duration {args.duration:.0f}`, "
        f"run {time.strftime('%Y-%m-%d %H:%M')} UTC on {backend}: `plaza serve` (gunicorn, "
        f"{args.workers} processes x {args.threads} threads) on 127.0.0.1, the demo data"
        + (f" (loaded in {demo_seconds:.0f} s)" if demo_seconds else "")
        + ". The machine's 2 cores are shared with other jobs: load average "
        f"{load_before[0]:.1f} before the run, {load_after[0]:.1f} after the main run "
        "(the users' own process included).",
        "",
        f"**{args.users} users for {elapsed:.0f} s** ({args.users - 2} readers, one inquiry "
        "poster, one librarian editing; 0-1 s think time; each user one keep-alive connection): "
        f"**{main_run.requests / elapsed:.1f} requests/s**, p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"p99 {percentile(every, 0.99):.0f} ms; **{errors} HTTP errors, {resets} connection "
        f"resets**, {other} other failures (timeouts over {TIMEOUT:.0f} s, refused connections). "
        f"Floor alone ({args.users} users asking only for the floor view, "
        f"{args.floor_seconds:.0f} s): {floor.requests / floor_elapsed:.1f} requests/s, "
        f"p50 {fp50:.1f} ms, p95 {fp95:.1f} ms.",
        "",
        "| page kind | requests | p50 ms | p95 ms | p99 ms | × floor (p50) | HTTP errors | resets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    floor_p50 = statistics.median(main_run.times.get("floor (minimal view)", [0.0])) or 0.0
    for kind in sorted(main_run.times, key=lambda k: (not k.startswith("floor"), k)):
        times = main_run.times[kind]
        ratio = statistics.median(times) / floor_p50 if floor_p50 else 0.0
        lines.append(
            f"| {kind} | {len(times)} | {percentile(times, 0.5):.0f} | "
            f"{percentile(times, 0.95):.0f} | {percentile(times, 0.99):.0f} | {ratio:.1f} | "
            f"{main_run.errors.get(kind, 0)} | {main_run.resets.get(kind, 0)} |"
        )
    if steps:
        held = [u for u, r, _e in steps if summary(r)[1] <= 500 and sum(summary(r)[2:]) == 0]
        lines += [
            "",
            f"Capacity: the same mix for {args.step_seconds:.0f} s per step "
            f"(users arriving over a second). Holds p95 ≤ 500 ms with 0 errors up to "
            f"**{max(held) if held else 'fewer than ' + str(steps[0][0])} users** "
            "on this set-up.",
            "",
            "| users | requests/s | p50 ms | p95 ms | HTTP errors | resets | other failures |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for users, step, step_elapsed in steps:
            s50, s95, serr, sres, soth = summary(step)
            lines.append(
                f"| {users} | {step.requests / step_elapsed:.1f} | {s50:.0f} | {s95:.0f} | "
                f"{serr} | {sres} | {soth} |"
            )
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(f"load-{backend.lower()}", f"### Load ({backend})\n\n{text}")


if __name__ == "__main__":
    socket.setdefaulttimeout(TIMEOUT)
    main()
