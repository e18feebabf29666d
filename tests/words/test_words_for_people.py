"""Words for people (issue 14, item 4): every page and every email, rendered for the demo data, shows no rule code,
enum value, `§` or `.md` reference in its visible text.

Pages are found from the URL configuration, so a new page is audited without being listed here: each GET route
whose arguments are an athlete, a plan or a block is opened by the coach and by each athlete it concerns. Emails
are the real deliveries of a whole reminder day for every demo person, rendered as sent, plus the invitation."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from people.models import AthleteProfile, User
from plans.models import PlanWeek, TrainingBlock
from reminders import services as reminder_services
from reminders.emails import delivery_message
from reminders.models import Delivery
from trainer.demo import COACH_EMAIL, load_demo

# snake_case words are codes (max_consecutive_training_days, behind_knee, kidney_disease); so are § and file names
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|§|\b[\w-]+\.md\b")
# the grammar of counts: "1 days of logs" (issue 14)
ONE_OF_MANY = re.compile(r"\b1 (?:days|weeks|sessions|athletes|matches|minutes|cramps|workouts|times|practices)\b")
URL = re.compile(r"https?://\S+|\S+@\S+\.\w+")
SKIPPED_PREFIXES = ("admin/", "api/", "calendar/", "invite/", "reset/", "unsubscribe/", "drink/", "logout/")
ARGUMENTS = {"athlete_id", "plan_id", "block_id"}


class VisibleText(HTMLParser):
    """The text a person sees or hears: text outside scripts and styles, and the labels screen readers read."""

    HIDDEN = {"script", "style", "template"}
    SPOKEN = ("title", "aria-label", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        self.parts.extend(value for name, value in attrs if name in self.SPOKEN and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(text: str) -> list[str]:
    text = URL.sub(" ", text)
    return sorted(set(CODE.findall(text)) | set(ONE_OF_MANY.findall(text)))


def page_routes() -> list[tuple[str, set[str]]]:
    """(route, argument names) of every page: the URL configuration walked, without the API, admin and tokens."""
    found: list[tuple[str, set[str]]] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and not route.startswith(SKIPPED_PREFIXES):
                names = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
                if names <= ARGUMENTS:
                    found.append((route, names))

    walk(get_resolver().url_patterns, "")
    return found


def fill(route: str, values: dict[str, int]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


@pytest.fixture
def demo(db):
    load_demo(timezone.localdate())
    coach = User.objects.get(email=COACH_EMAIL)
    athletes = list(AthleteProfile.objects.select_related("user").order_by("user__name"))
    return coach, athletes


def argument_sets(athlete: AthleteProfile) -> list[dict[str, int]]:
    """The athlete, with each of their two latest plans and their first block, where they have them."""
    plans = list(PlanWeek.objects.filter(athlete=athlete).order_by("-week_start").values_list("pk", flat=True)[:2])
    blocks = list(TrainingBlock.objects.filter(athlete=athlete).values_list("pk", flat=True)[:1])
    return [
        {"athlete_id": athlete.pk} | ({"plan_id": p} if p else {}) | ({"block_id": b} if b else {})
        for p in plans or [None]
        for b in blocks or [None]
    ]


def test_every_page_speaks_words(demo) -> None:
    coach, athletes = demo
    readers = [(coach, athletes)] + [(a.user, [a]) for a in athletes]
    seen, problems = 0, {}
    for user, concerning in readers:
        client = Client()
        client.force_login(user)
        for athlete in concerning:
            for values in argument_sets(athlete):
                for route, names in page_routes():
                    if not names <= set(values):
                        continue
                    url = fill(route, values)
                    response = client.get(url)
                    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                        continue  # a form's POST address, a redirect, or a page this person may not open
                    seen += 1
                    if found := codes_in(visible_text(response.content.decode())):
                        problems[f"{user.email} {url}"] = found
    print(f"{seen} pages opened")
    assert seen >= 40, f"only {seen} pages were opened: the walk over the URL configuration found too few"
    assert problems == {}


def test_every_email_speaks_words(demo, settings) -> None:
    coach, athletes = demo
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # From now on, not from the start of today: the demo logged every day up to now, so a day already begun
    # somewhere may hold its check-in, and the check-in reminder would come due only at some hours of the day.
    start = timezone.now().replace(second=0, microsecond=0)
    for user in [coach, *(a.user for a in athletes)]:
        reminder_services.recompute_schedules(user, now=start)
    made: set[int] = set()
    t = start
    while t < start + dt.timedelta(hours=50):  # every zone's next whole day, from the first to begin to the last
        made.update(reminder_services.sweep(t, publish=False).created)
        t += dt.timedelta(minutes=15)
    deliveries = list(Delivery.objects.filter(pk__in=made).select_related("recipient"))
    kinds = {d.kind for d in deliveries}
    assert {"hydration", "checkin", "coach_digest"} <= kinds, kinds
    print(f"{len(deliveries)} emails of {sorted(kinds)}")
    problems = {}
    for delivery in deliveries:
        email = delivery_message(delivery, reminder_services.preference_for(delivery.recipient))
        for part in (email.subject, email.body, visible_text(email.alternatives[0][0])):
            if found := codes_in(part):
                problems.setdefault(f"{delivery.kind} to {delivery.recipient.email}", []).extend(found)
    assert problems == {}
    assert mail.outbox == []  # rendered, not sent


def test_the_audit_catches_codes() -> None:
    html = (
        "<p>Rule max_consecutive_training_days broken</p><script>var a_b = 1</script>"
        '<button aria-label="Remove behind_knee">x</button><p>Source: DOMAIN.md §7</p>'
        "<p>See https://example.com/a_b.ics or mail ana_b@example.com</p><p>1 days of logs, 1 day, 21 days</p>"
    )
    assert codes_in(visible_text(html)) == ["1 days", "DOMAIN.md", "behind_knee", "max_consecutive_training_days", "§"]
