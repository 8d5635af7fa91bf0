"""A view opted in to visitors' fragment caching whose htmx answer holds the reader's CSRF token (a form):
for tests/portal/test_fragment_cache.py."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from portal.page_cache import whole_page_for_visitors

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>Send</button></form>')


@whole_page_for_visitors("form-fragment", fragments=True)
def form_fragment(request):
    return HttpResponse(FORM.render(request=request))


urlpatterns = [path("form/", form_fragment)]
