"""Schemathesis against the OpenAPI description the portal serves: generated requests for every
documented operation and parameter never get a server error, and every answer matches the description
(status, content type, body schema). The WSGI app is called in-process, on the test database."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from practices.views import api
from tests.factories.practices import PracticeFactory, ThemeFactory


@pytest.fixture
def _connection_kept_across_requests():
    """As Django's test client does: the real WSGI handler closes the database connection at the end
    of each request, which would end the test's transaction (and with it the test data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, _connection_kept_across_requests):
    ThemeFactory(slug="shared-services")
    PracticeFactory.create_batch(3)
    PracticeFactory(slug="shared-payroll")
    # The view itself, not the test client: that one would reconnect the signals disconnected above.
    document = json.loads(api.openapi(RequestFactory().get(reverse("practices:api_openapi"))).content)
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    return loaded


OPERATIONS = [("/api/practices/", "GET"), ("/api/practices/{slug}/", "GET")]
DOCUMENTED = {"/api/practices/": {200, 400, 404}, "/api/practices/{slug}/": {200, 404}}


# schemathesis.pytest.from_fixture does not run on this pytest (it reads a private attribute), so each
# operation's strategy drives a hypothesis test of its own, built once the fixture's data exists.
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=["list", "detail"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_the_api_answers_every_generated_request_as_described(api_schema, path, method, mode):
    operation = api_schema[path][method]

    statuses: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def answers_as_described(case):
        # call_and_validate raises on any answer the description does not allow (schema, status, type)
        statuses.append(case.call_and_validate().status_code)

    answers_as_described()

    assert statuses  # requests were really generated and sent
    assert set(statuses) <= DOCUMENTED[path]
    if mode == GenerationMode.POSITIVE and path == "/api/practices/":
        assert 200 in statuses  # valid filters find practices, not only errors
    if mode == GenerationMode.NEGATIVE and path == "/api/practices/":
        assert 400 in statuses  # invalid ones are refused


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json(client):
    response = client.get("/api/practices/%17/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Nothing is at this address."}
