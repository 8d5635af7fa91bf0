import os

from django.core.asgi import get_asgi_application

from portal.settings.env import settings_module

os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
application = get_asgi_application()
