"""Property-based tests of the HTTP API against its own OpenAPI schema (schemathesis 4, in-process ASGI).

For valid and invalid generated requests alike: no 5xx, every status code is documented, and every
response body conforms to the documented schema.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tzqa.api.main import create_app

pytestmark = pytest.mark.slow

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


class _LateRetriever:
    """Stands in for the session ``retriever`` fixture, which does not exist yet when the schema loads."""

    target = None

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        if self.target is None:
            raise RuntimeError("the retriever fixture was not attached")
        return getattr(self.target, name)


# The schema is loaded at import (schemathesis.pytest.from_fixture breaks on pytest 9: Function._nodeid),
# from an app whose retriever is attached by the fixture below before any request is made.
LATE = _LateRetriever()
APP = create_app(retriever=LATE)  # type: ignore[arg-type]
APP.state.retriever = LATE  # also when a transport does not run the lifespan
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.fixture(scope="module", autouse=True)
def attach_retriever(retriever):  # type: ignore[no-untyped-def]
    LATE.target = retriever
    yield
    LATE.target = None


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_conforms_to_its_schema(case):  # type: ignore[no-untyped-def]
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code < 500


def test_schema_run_stands_alone_and_exercises_real_responses():  # type: ignore[no-untyped-def]
    """Its own schemathesis pass over every operation (positive and negative cases), independent of
    any other test: every documented operation answers 200 and rejects invalid input, never a 5xx."""
    from hypothesis import given
    from hypothesis.errors import Unsatisfiable

    seen: dict[str, Counter] = defaultdict(Counter)
    for result in schema.get_all_operations():
        op = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=op.as_strategy(generation_mode=mode))
            @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def run(case):  # type: ignore[no-untyped-def]
                response = case.call_and_validate(checks=CHECKS)
                seen[f"{case.method.upper()} {case.path}"][response.status_code] += 1

            try:
                run()
            except Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE, f"no valid request could be made for {op.method} {op.path}"
                # an operation without parameters (GET /health) has no invalid request to make
    for op in ("GET /health", "GET /search", "POST /search", "GET /answer", "POST /answer", "GET /evidence",
               "GET /references", "GET /references/{n}", "GET /biomarkers"):
        assert seen[op][200] > 0, f"{op} never answered 200: {dict(seen[op])}"
    for op in ("GET /search", "POST /search", "GET /answer", "POST /answer", "GET /evidence"):
        assert seen[op][422] > 0, f"{op} never rejected an invalid request: {dict(seen[op])}"
    assert not any(code >= 500 for counts in seen.values() for code in counts), dict(seen)
