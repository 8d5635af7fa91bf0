# syntax=docker/dockerfile:1
# The portal's one image: gunicorn by default; compose runs the same image as migrate, worker and beat.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PORTAL_VAR_DIR=/app/var

WORKDIR /app

# The code stays root-owned (read-only to the app); only var/ belongs to the runtime user.
RUN groupadd --system --gid 10001 portal \
 && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal

# Dependencies first, so a code change does not reinstall them.
COPY requirements/base.lock requirements/base.lock
RUN pip install --require-hashes -r requirements/base.lock

COPY . .

# var/ subfolders that compose mounts as named volumes exist here with the right owner, so a fresh
# volume starts writable by the portal user.
RUN mkdir -p /app/var/media /app/var/outbox /app/var/beat \
 && chown -R portal:portal /app/var

USER portal

# Production settings refuse to load without a secret and hosts: give collectstatic throw-away values
# for this one command only (they are not kept in the image's environment).
RUN DJANGO_ENV=production \
    DJANGO_SECRET_KEY=build-only-not-a-secret-collectstatic-never-serves-requests-0123456789 \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput

EXPOSE 8000

# Ask as the reverse proxy would: an allowed Host, and X-Forwarded-Proto so the HTTPS redirect stays out
# of the way. /healthz answers 503 (urlopen raises) when the database, cache or broker is unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, sys, urllib.request as u; host = os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.').replace('*', 'localhost') or 'localhost'; request = u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}); sys.exit(0 if u.urlopen(request, timeout=4).status == 200 else 1)"

# Sync workers, 2 x cores unless WEB_CONCURRENCY says otherwise (sync was steadier than gthread here).
CMD ["sh", "-c", "exec gunicorn portal.wsgi:application --bind 0.0.0.0:8000 --worker-class sync --workers \"${WEB_CONCURRENCY:-$(( 2 * $(nproc) ))}\" --worker-tmp-dir /dev/shm --access-logfile - --error-logfile -"]
