from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Digital-maturity assessments")

    def ready(self) -> None:
        from assessments.selectors.report_section import report_section
        from sessions_app.report_sections import ReportSection, register

        register(ReportSection("assessments/_report_commitments.html", report_section))
        from assessments.models import Commitment
        from portal.page_cache import watch

        watch(Commitment)  # the programme report, cached, lists them
