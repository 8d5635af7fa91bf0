from django.urls import path

from practices.views import adoption, api, catalogue, curation, translations

app_name = "practices"

urlpatterns = [
    # Catalogue (public: published practices)
    path("practices/", catalogue.practice_list, name="practice_list"),
    path("practices/feed/", catalogue.practice_feed, name="practice_feed"),
    path("practices/mine/", adoption.my_practices, name="my_practices"),
    path("practices/interest-requests/", adoption.interest_dashboard, name="interest_dashboard"),
    # Curation: submission by organisation staff, review by curators
    path("practices/new/", curation.practice_create, name="practice_create"),
    path("practices/curation/", curation.curator_queue, name="curator_queue"),
    path("practices/<slug:slug>/", catalogue.practice_detail, name="practice_detail"),
    path("practices/<slug:slug>/edit/", curation.practice_edit, name="practice_edit"),
    path(
        "practices/<slug:slug>/translations/<str:language>/",
        translations.practice_translate,
        name="practice_translate",
    ),
    path("practices/<slug:slug>/transition/", curation.practice_transition, name="practice_transition"),
    # Interest, adoption, bookmarks (signed-in members)
    path("practices/<slug:slug>/interest/", adoption.interest_create, name="interest_create"),
    path("practices/<slug:slug>/adopted/", adoption.adoption_create, name="adoption_create"),
    path("practices/<slug:slug>/bookmark/", adoption.bookmark_toggle, name="bookmark_toggle"),
    # Read-only JSON API with its OpenAPI description
    path("api/practices/", api.practice_list, name="api_practice_list"),
    path("api/practices/<slug:slug>/", api.practice_detail, name="api_practice_detail"),
    path("api/openapi.json", api.openapi, name="api_openapi"),
]
