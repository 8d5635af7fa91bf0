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
        self._watch_what_cached_pages_show()
        if sessions_export not in EXPORTERS:
            EXPORTERS.append(sessions_export)
        if sessions_forget not in DELETERS:
            DELETERS.append(sessions_forget)

    @staticmethod
    def _watch_what_cached_pages_show() -> None:
        """Home and the programme report are cached (portal.page_cache): a write to anything they show
        forgets them. Writes that bypass model signals call ``page_cache.content_changed()``."""
        from members.models import Membership, Organisation
        from portal.page_cache import watch
        from practices.models import Practice, PracticeTranslation
        from sessions_app import models

        watch(
            models.Programme,
            models.ProgrammeTranslation,
            models.Session,
            models.SessionTranslation,
            models.SessionSpeaker,
            models.Summary,
            models.SummaryTranslation,
            models.Trend,
            models.Registration,
            Organisation,
            Membership,
            Practice,
            PracticeTranslation,
        )
