"""Queries per request, counted with Django's test client against the benchmark's own database.

Each page is requested twice by the same kind of visitor as in the load test and the second request
is counted (the first fills whatever is filled once per process). The POST is made by two people kept
out of the load test: the first warms up, the second is counted.
"""

from bench.measures import FEED, POST, SIGNED, Credentials, Measure, measures

DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _request(measure: Measure, manifest, credentials: Credentials, attempt: int):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = credentials.csrf
    headers = dict(header.split(": ", 1) for header in measure.headers)
    if measure.who == SIGNED:
        client.cookies["sessionid"] = credentials.get_pool[0]
    if measure.who == FEED:
        return client.get(measure.path.format(token=manifest.feed_tokens[0]), headers=headers)
    if measure.who == POST:
        slug, number = manifest.open_sessions[0]
        client.cookies["sessionid"] = credentials.post_pool[-2 + attempt]
        headers["X-CSRFToken"] = credentials.csrf
        return client.post(measure.path.format(slug=slug, number=number), {"next": ""}, headers=headers)
    return client.get(measure.path, headers=headers)


def count(manifest, credentials: Credentials) -> dict[str, dict]:
    """{measure key: {"queries", "status", "bytes"}} for every measure but the bare floor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    results = {}
    for measure in measures(manifest):
        if measure.server == "floor":
            continue
        with override_settings(**({"CACHES": DUMMY_CACHE} if measure.server == "nocache" else {})):
            _request(measure, manifest, credentials, 0)
            with CaptureQueriesContext(connection) as queries:
                response = _request(measure, manifest, credentials, 1)
        results[measure.key] = {
            "queries": len(queries),
            "status": response.status_code,
            "bytes": len(response.content),
            "sql": [query["sql"][:300] for query in queries.captured_queries],
        }
    return results
