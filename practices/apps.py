from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from members.sections import OrganisationSection, register
        from members.selectors.accounts import EXPORTERS
        from members.services.accounts import DELETERS
        from practices.cache import watch_shown_models
        from practices.personal_data import practices_export, practices_forget
        from practices.selectors.organisation import organisation_section

        register(OrganisationSection("practices/_organisation_practices.html", organisation_section))
        if practices_export not in EXPORTERS:
            EXPORTERS.append(practices_export)
        if practices_forget not in DELETERS:
            DELETERS.append(practices_forget)
        watch_shown_models()
