from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Programmes and sessions")

    def ready(self) -> None:
        from members.sections import OrganisationSection, register
        from sessions_app.selectors.programmes import organisation_section

        register(OrganisationSection("sessions_app/_organisation_programmes.html", organisation_section))
