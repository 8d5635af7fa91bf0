"""The staff forms for programmes and sessions. Plain forms: the views hand cleaned data to services."""

from datetime import UTC, timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from portal.content_language import reader_language
from portal.forms import ModelMultipleChoiceField
from portal.middleware import available_timezones
from practices.enums import PracticeStatus
from practices.models import Practice
from sessions_app.enums import EU_FUNDING_DISCLAIMER, ProgrammeStatus, SessionStatus, SpeakerRole, Visibility
from sessions_app.models import Programme, Session
from sessions_app.models.sessions import meeting_languages
from sessions_app.services.programmes import Speaker
from sessions_app.timezones import COMMON_ZONES, local_to_utc, utc_to_local

LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_SESSION = timedelta(hours=24)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time in the zone chosen on the form (not the reader's): returned naive."""

    widget = LOCAL_INPUT

    def to_python(self, value):
        with timezone.override(UTC):  # read as is; the form applies its own zone in clean()
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result


def zone_choices() -> list:
    others = sorted(available_timezones() - set(COMMON_ZONES))
    return [
        (_("Common"), [(zone, zone.replace("_", " ")) for zone in COMMON_ZONES]),
        (_("All zones"), [(zone, zone.replace("_", " ")) for zone in others]),
    ]


def hours_to_text(minutes: list[int]) -> str:
    """[1440, 60] -> "24, 1"; [90] -> "1.5"."""
    return ", ".join(
        f"{Decimal(m) / 60:f}".rstrip("0").rstrip(".") for m in sorted(minutes or [], reverse=True)
    )


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    slug = forms.SlugField(
        label=_("Web address (slug)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to make one from the title. Changing it breaks links already shared."),
    )
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )
    aims = forms.CharField(
        label=_("Aims"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Markdown.")
    )
    original_language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The language the title, theme, description and aims are written in."),
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"),
        queryset=Organisation.objects.none(),
        help_text=_("An organisation you manage."),
    )
    co_hosts = ModelMultipleChoiceField(
        label=_("Co-hosts"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Their staff can manage the programme too. Hold Ctrl (or ⌘) to choose several."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ProgrammeStatus.choices, initial=ProgrammeStatus.DRAFT
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    reminder_hours = forms.CharField(
        label=_("Reminders (hours before each session)"),
        required=False,
        initial="24, 1",
        help_text=_('Separated by commas, e.g. "24, 1" for a day and an hour before. Empty: no reminders.'),
    )
    funding_acknowledgement = forms.CharField(
        label=_("Funding acknowledgement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    use_eu_disclaimer = forms.BooleanField(
        label=_("Use the EU disclaimer"),
        required=False,
        help_text=format_lazy(_("Replaces the text above with: “{text}”"), text=EU_FUNDING_DISCLAIMER),
    )

    def __init__(
        self, *args, managed_ids: frozenset[int] | None, programme: Programme | None = None, **kwargs
    ):
        self.programme = programme
        if programme is not None:
            kwargs.setdefault("initial", self.initial_for(programme))
        super().__init__(*args, **kwargs)
        # Not required: left out, it stays the programme's (or, for a new one, the writer's language).
        self._default_language = programme.original_language if programme else reader_language()
        self.fields["original_language"].initial = self._default_language
        active = Organisation.objects.filter(is_active=True).order_by("name")
        mine = active if managed_ids is None else active.filter(pk__in=managed_ids)
        organiser = self.fields["organiser"]
        if programme is not None and not mine.filter(pk=programme.organiser_id).exists():
            # Co-host staff may edit the programme but not hand it to another organiser.
            organiser.queryset = Organisation.objects.filter(pk=programme.organiser_id)
            organiser.disabled = True
            organiser.help_text = _("Only the organiser's staff can change the organiser.")
        else:
            organiser.queryset = mine
        self.fields["co_hosts"].queryset = active

    @staticmethod
    def initial_for(programme: Programme) -> dict:
        return {
            **{name: getattr(programme, name) for name in ("title", "slug", "theme", "description", "aims")},
            "organiser": programme.organiser_id,
            "co_hosts": [host.pk for host in programme.co_hosts.all()],
            "status": programme.status,
            "visibility": programme.visibility,
            "reminder_hours": hours_to_text(programme.reminder_offsets),
            "funding_acknowledgement": programme.funding_acknowledgement,
            "original_language": programme.original_language,
        }

    def clean_original_language(self) -> str:
        return self.cleaned_data.get("original_language") or self._default_language

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        others = Programme.objects.filter(slug=slug)
        if self.programme is not None:
            others = others.exclude(pk=self.programme.pk)
        if slug and others.exists():
            raise ValidationError(_("Another programme already uses this address."))
        if not slug and self.programme is not None:
            return self.programme.slug
        return slug

    def clean_reminder_hours(self) -> list[int]:
        minutes = set()
        for part in self.cleaned_data["reminder_hours"].replace(";", ",").split(","):
            if not part.strip():
                continue
            try:
                hours = Decimal(part.strip().replace("h", ""))
            except InvalidOperation:
                raise ValidationError(
                    _("“%(part)s” is not a number of hours."), params={"part": part.strip()}
                ) from None
            if not 0 < hours <= 24 * 30:
                raise ValidationError(_("Each reminder must be between 0 and 720 hours before the session."))
            minutes.add(int(hours * 60))
        return sorted(minutes, reverse=True)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("use_eu_disclaimer"):
            data["funding_acknowledgement"] = EU_FUNDING_DISCLAIMER
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = ("title", "slug", "theme", "description", "aims", "original_language", "organiser", "status")
        return {
            **{name: data[name] for name in names},
            "visibility": data["visibility"],
            "co_hosts": list(data["co_hosts"]),
            "reminder_offsets": data["reminder_hours"],
            "funding_acknowledgement": data["funding_acknowledgement"],
        }


class PracticeChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Practice) -> str:
        return f"{obj.title} — {obj.owner.name}"


def parse_speakers(text: str, role: str) -> list[Speaker]:
    """One per line: "Name" or "Name, Organisation"."""
    speakers = []
    for line in text.splitlines():
        name, _sep, organisation = (part.strip() for part in line.partition(","))
        if name:
            speakers.append(Speaker(name=name[:200], organisation_name=organisation[:200], role=role))
    return speakers


def speakers_text(session: Session, role: str) -> str:
    lines = []
    for speaker in session.speakers.select_related("user").order_by("pk"):
        if speaker.role == role:
            name = speaker.name or str(speaker.user)
            lines.append(f"{name}, {speaker.organisation_name}" if speaker.organisation_name else name)
    return "\n".join(lines)


class SessionForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number in the series"), min_value=1, max_value=999, required=False,
        help_text=_("Leave empty for the next number."),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=250)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Markdown.")
    )
    original_language = forms.ChoiceField(
        label=_("Language of the text"), choices=settings.LANGUAGES, required=False,
        help_text=_("The language the title and agenda are written in."),
    )  # fmt: skip
    time_zone = forms.ChoiceField(
        label=_("Time zone of the times below"),
        help_text=_("The organiser's zone: participants see theirs too."),
    )
    starts_local = LocalDateTimeField(label=_("Starts (local date and time)"))
    ends_local = LocalDateTimeField(label=_("Ends (local date and time)"))
    language = forms.ChoiceField(
        label=_("Language"), choices=meeting_languages, initial="en",
        help_text=_("The language the meeting is held in."),
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    opens_local = LocalDateTimeField(
        label=_("Registration opens (local)"), required=False, help_text=_("Empty: now.")
    )
    closes_local = LocalDateTimeField(
        label=_("Registration closes (local)"), required=False,
        help_text=_("Empty: when the session starts."),
    )  # fmt: skip
    meeting_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https",
        help_text=_("Shown only to confirmed registrants and the programme's staff."),
    )  # fmt: skip
    recording_url = forms.URLField(label=_("Recording link"), required=False, assume_scheme="https")
    facilitators = forms.CharField(
        label=_("Facilitators"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: “Name” or “Name, Organisation”."),
    )  # fmt: skip
    speakers = forms.CharField(
        label=_("Speakers"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: “Name” or “Name, Organisation”."),
    )  # fmt: skip
    practices = PracticeChoiceField(
        label=_("Practices presented"), queryset=Practice.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Published practices; hold Ctrl (or ⌘) to choose several."),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), choices=SessionStatus.choices, initial=SessionStatus.SCHEDULED,
        help_text=_("Cancelling tells every registrant by e-mail and stops their reminders."),
    )  # fmt: skip

    def __init__(self, *args, programme: Programme, session: Session | None = None, **kwargs):
        self.programme, self.session = programme, session
        if session is not None:
            kwargs.setdefault("initial", self.initial_for(session))
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()
        self.fields["time_zone"].initial = "Europe/Brussels"
        self.fields["practices"].queryset = (
            Practice.objects.filter(status=PracticeStatus.PUBLISHED).select_related("owner").order_by("title")
        )
        if session is None:
            del self.fields["status"]  # a new session is scheduled
        # Not required: left out, it stays the session's (for a new one, the programme's language).
        self._default_language = session.original_language if session else programme.original_language
        self.fields["original_language"].initial = self._default_language

    @staticmethod
    def initial_for(session: Session) -> dict:
        zone = session.organiser_time_zone

        def local(moment):
            return utc_to_local(moment, zone) if moment else None

        return {
            **{
                name: getattr(session, name)
                for name in ("number", "title", "agenda", "original_language", "language", "capacity")
            },
            **{name: getattr(session, name) for name in ("meeting_url", "recording_url", "status")},
            "time_zone": zone,
            "starts_local": local(session.starts_at),
            "ends_local": local(session.ends_at),
            "opens_local": local(session.registration_opens_at),
            "closes_local": local(session.registration_closes_at),
            "facilitators": speakers_text(session, SpeakerRole.FACILITATOR),
            "speakers": speakers_text(session, SpeakerRole.SPEAKER),
            "practices": [practice.pk for practice in session.practices.all()],
        }

    def _utc(self, name: str, zone: str):
        local = self.cleaned_data.get(name)
        if local is None:
            return None
        try:
            return local_to_utc(local, zone)
        except ValueError:
            self.add_error(
                name, _("This time does not exist in %(zone)s: the clocks go forward then.") % {"zone": zone}
            )
            return None

    def clean_original_language(self) -> str:
        return self.cleaned_data.get("original_language") or self._default_language

    def clean_number(self) -> int | None:
        number = self.cleaned_data["number"]
        taken = self.programme.sessions.filter(number=number)
        if self.session is not None:
            taken = taken.exclude(pk=self.session.pk)
        if number and taken.exists():
            raise ValidationError(
                _("This programme already has a session number %(number)s."), params={"number": number}
            )
        return number

    def clean(self) -> dict:
        data = super().clean()
        zone = data.get("time_zone")
        if not zone:
            return data
        starts, ends = self._utc("starts_local", zone), self._utc("ends_local", zone)
        opens, closes = self._utc("opens_local", zone), self._utc("closes_local", zone)
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_local", _("The session must end after it starts."))
            elif ends - starts > MAX_SESSION:
                self.add_error("ends_local", _("A session lasts at most 24 hours."))
        if opens and closes and closes <= opens:
            self.add_error("closes_local", _("Registration must close after it opens."))
        if closes and ends and closes > ends:
            self.add_error("closes_local", _("Registration must close before the session ends."))
        data.update(
            starts_at=starts, ends_at=ends, registration_opens_at=opens, registration_closes_at=closes
        )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        speakers = parse_speakers(data["facilitators"], SpeakerRole.FACILITATOR)
        speakers += parse_speakers(data["speakers"], SpeakerRole.SPEAKER)
        arguments = {
            **{name: data[name] for name in ("title", "agenda", "original_language", "language", "capacity")},
            "meeting_url": data["meeting_url"],
            "recording_url": data["recording_url"],
            "organiser_time_zone": data["time_zone"],
            "starts_at": data["starts_at"],
            "duration_minutes": int((data["ends_at"] - data["starts_at"]).total_seconds() // 60),
            "registration_opens_at": data["registration_opens_at"],
            "registration_closes_at": data["registration_closes_at"],
            "speakers": speakers,
            "practices": list(data["practices"]),
        }
        if data.get("number"):
            arguments["number"] = data["number"]
        if "status" in data:
            arguments["status"] = data["status"]
        return arguments
