"""Schemathesis over the whole OpenAPI document: no server error, anonymous or logged in.

Every operation gets a bounded number of generated requests (valid ones and, for the
operations that take input, invalid ones), sent through the real WSGI stack with the real
database; each answer must be no 5xx, a status the document lists for the operation, a
documented content type and a body that matches the documented schema. Examples are
derandomised, so a run is the same every time (no flakes) and takes about a minute.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from plaza.accounts.roles import Role
from tests.accounts.factories import user_with_role
from tests.cities.factories import ActivityFactory
from tests.directory.factories import OrganizationFactory, person_in
from tests.library.factories import resource_with_creators

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 4  # per operation and mode: about 40 operations x 2 modes, for each user
CSRF = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # 32 characters: a valid unmasked CSRF secret


@pytest.fixture
def records(lima: Any, settings: Any) -> None:
    """A few records so that some generated ids and slugs exist; a server error raises (so
    the failure shows its traceback) instead of becoming a bare 500 page."""
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    resource_with_creators(("Chen", "Martha"))
    person_in(OrganizationFactory.create(slug="org"))
    ActivityFactory(city=lima)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: the test's database connection (inside the test's
    transaction) must outlive each request, so requests do not close old connections."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fuzz(
    headers: dict[str, str], cookies: dict[str, str], seen: Counter[tuple[str, int]]
) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
    failures: list[str] = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        modes = [GenerationMode.POSITIVE]
        if operation.query or operation.body or operation.path_parameters:
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Any) -> None:
                # The WSGI transport asks for gzip like requests does but never decodes it.
                plain = {"Accept-Encoding": "identity", **headers}
                response = case.call(headers=plain, cookies=cookies)
                seen[(case.method.upper(), response.status_code)] += 1
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                check()
            except Unsatisfiable:
                pass  # no invalid value exists for this mode (a free-text path parameter)
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:1500]}")
    return failures


@pytest.mark.django_db
def test_anonymous_requests_never_fail(records: None) -> None:
    seen: Counter[tuple[str, int]] = Counter()
    failures = _fuzz({}, {}, seen)
    assert not failures, "\n\n".join(failures)
    assert seen[("GET", 200)] and seen[("GET", 400)] and seen[("GET", 404)]
    assert seen[("POST", 401)] + seen[("POST", 403)], seen


@pytest.mark.django_db
def test_logged_in_requests_never_fail(records: None) -> None:
    staff = user_with_role(Role.NETWORK_STAFF, username="fuzz-staff")
    client = Client()
    client.force_login(staff)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
    seen: Counter[tuple[str, int]] = Counter()
    failures = _fuzz({"X-CSRFToken": CSRF}, cookies, seen)
    assert not failures, "\n\n".join(failures)
    # Logged in and past CSRF: writes reached their checks (never a 401 or 403 for staff).
    assert seen[("POST", 400)] and seen[("PATCH", 400)], seen
    assert not any(status in (401, 403) for _method, status in seen), seen
