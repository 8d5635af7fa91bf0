from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from members.sections import OrganisationSection, register
        from practices.selectors.organisation import organisation_section

        register(OrganisationSection("practices/_organisation_practices.html", organisation_section))
