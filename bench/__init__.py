"""The benchmark (issue 8): a seeded data generator, gunicorn + wrk measurements against floors measured in
the same run, a real Celery worker, and the report. ``make bench`` / ``make bench-smoke``; see README.md."""
