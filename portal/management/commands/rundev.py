import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the development web server and a Celery worker with beat; Ctrl-C stops both."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr: str, **options) -> None:
        if settings.PORTAL_ENV == "production":
            raise CommandError("rundev is for development; use gunicorn and celery in production.")
        from members.demo import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_PASSWORD, DEMO_PEOPLE

        bin_dir = os.path.dirname(sys.executable)
        worker = subprocess.Popen(  # noqa: S603 - fixed argv, our own worker
            [
                os.path.join(bin_dir, "celery"),
                "-A",
                "portal",
                "worker",
                "--beat",
                "--loglevel=INFO",
                "--concurrency=2",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ],
        )
        web = subprocess.Popen([sys.executable, "manage.py", "runserver", addr])  # noqa: S603
        self.stdout.write(self.style.SUCCESS(f"\n  Portal:  http://{addr}/"))
        self.stdout.write(f"  Admin:   http://{addr}/admin/  {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD}")
        self.stdout.write(f"  Demo people (password {DEMO_PASSWORD}):")
        for email, name, _slug, _role in DEMO_PEOPLE:
            self.stdout.write(f"           {email:<32} {name}")
        self.stdout.write(f"  Outbox:  http://{addr}/dev/outbox/  (e-mails land here)")
        self.stdout.write("  Ctrl-C stops the web server and the worker.\n")
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops both children too, like Ctrl-C
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (web, worker):
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
