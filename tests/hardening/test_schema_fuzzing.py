"""Schemathesis against the whole API's OpenAPI schema: no 5xx, answers as documented.

Every operation, `POST /api/v1/sightings/` included, gets a bounded number of generated requests
(valid and invalid ones: wrong types, out-of-range numbers, odd strings), through Django's WSGI
handler with DEBUG off. Each answer must not be a server error and must match the schema:
status code, content type, headers and body; and a request the schema forbids must be refused.
Left out is Schemathesis' check that every schema-valid request is accepted: some rules span
several fields ("gone" needs a camera that exists, a bbox needs west < east), which the schema
does not express; such a request gets a 400 naming the field, which is what we want.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from surveillance_map.wsgi import application

EXAMPLES_PER_OPERATION = 40


@pytest.fixture
def api_schema(world, as_a_server):
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure can be replayed
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_operation_answers_as_its_schema_says(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
