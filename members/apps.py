from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from members.models import Membership, Organisation
        from portal.page_cache import watch

        # The directory's results and home's federations are cached until one of these changes.
        watch(Organisation, Membership)
