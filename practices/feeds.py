"""The Atom feed of newly published practices."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from practices.selectors.detail import latest_published


class LatestPracticesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Good practices: newly published · Mutual Learning Portal")
    subtitle = _("Practices of cooperatives, networks and federations, newest first.")

    def link(self) -> str:
        return reverse("practices:practice_list")

    def feed_url(self) -> str:
        return reverse("practices:practice_feed")

    def items(self):
        return latest_published()

    def item_title(self, practice) -> str:
        return practice.title

    def item_description(self, practice) -> str:
        # Atom marks the summary as HTML; the summary is plain text, so readers must see it escaped.
        return escape(practice.summary)

    def item_author_name(self, practice) -> str:
        return practice.owner.name

    def item_pubdate(self, practice):
        return practice.published_at

    def item_updateddate(self, practice):
        return practice.updated_at

    def item_categories(self, practice) -> list[str]:
        return [theme.name for theme in practice.themes.all()]
