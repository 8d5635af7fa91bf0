from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Programmes and sessions")

    def ready(self) -> None:
        from members.sections import OrganisationSection, register
        from members.selectors.accounts import EXPORTERS
        from members.services.accounts import DELETERS
        from sessions_app.personal_data import sessions_export, sessions_forget
        from sessions_app.selectors.programmes import organisation_section

        register(OrganisationSection("sessions_app/_organisation_programmes.html", organisation_section))
        if sessions_export not in EXPORTERS:
            EXPORTERS.append(sessions_export)
        if sessions_forget not in DELETERS:
            DELETERS.append(sessions_forget)
