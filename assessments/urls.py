from django.urls import path

from assessments.views import commitments, dashboard, funder, questionnaire

app_name = "assessments"

urlpatterns = [
    # Self-assessment (cooperative staff)
    path("assessments/", questionnaire.assessment_home, name="assessment_home"),
    path("assessments/start/<slug:slug>/", questionnaire.assessment_start, name="assessment_start"),
    path("assessments/<int:pk>/take/", questionnaire.assessment_take, name="assessment_take"),
    path("assessments/<int:pk>/", questionnaire.assessment_result, name="assessment_result"),
    # Federation needs dashboard (federation staff)
    path("federations/<slug:slug>/needs/", dashboard.needs_dashboard, name="needs_dashboard"),
    path("federations/<slug:slug>/needs.csv", dashboard.needs_csv, name="needs_csv"),
    # Follow-up commitments and their check-ins
    path("commitments/", commitments.commitment_list, name="commitment_list"),
    path(
        "programmes/<slug:slug>/sessions/<int:number>/commit/",
        commitments.commitment_create,
        name="commitment_create",
    ),
    path("check-ins/<str:token>/", commitments.checkin_answer, name="checkin_answer"),
    # Funder pack (programme staff)
    path("programmes/<slug:slug>/funder-pack/", funder.funder_pack, name="funder_pack"),
    path("programmes/<slug:slug>/funder-pack.csv", funder.funder_pack_csv, name="funder_pack_csv"),
    path("programmes/<slug:slug>/funder-pack.json", funder.funder_pack_json, name="funder_pack_json"),
]
