from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demo data of the seed programme. Idempotent: a second run changes nothing."

    def handle(self, *args, **options) -> None:
        if settings.PORTAL_ENV == "production":
            raise CommandError("load_demo creates a known admin password: refused in production.")
        # Each app that has demo data owns a ``demo`` module; load them in INSTALLED_APPS order,
        # so an app's demo can rely on the apps it depends on.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is not None:
                import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
