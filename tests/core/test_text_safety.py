"""Names and titles are one line of visible text (issue 18, item 3): control and invisible characters are refused
with a 400 naming the field, on the API and on the pages that write them; email subjects built from older names
are one clean line whatever those hold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from core import text
from people import emails
from people.models import Invitation, User
from tests.factories import AthleteFactory, CoachFactory, InvitationFactory
from tests.world import MONDAY, generate, sessions_of

REFUSED = {
    "carriage return and line feed": ("Ana\r\nBcc: x@example.org", "a line break"),
    "line feed": ("Ana\nBen", "a line break"),
    "line separator": ("Ana\u2028Ben", "a line break"),
    "tab": ("Ana\tBen", "a tab"),
    "zero-width space": ("Ana\u200bBen", "a zero-width character"),
    "zero-width joiner between Latin letters": ("Ana\u200dBen", "a zero-width character"),
    "zero-width non-joiner at the end": ("Ana\u200c", "a zero-width character"),
    "word joiner": ("An\u2060a", "a zero-width character"),
    "byte order mark": ("\ufeffAna", "a zero-width character"),
    "right-to-left override": ("Ana \u202egnp.exe", "a text-direction control"),
    "right-to-left isolate": ("Ana \u2067Ben", "a text-direction control"),
    "left-to-right mark": ("Ana\u200e", "a text-direction control"),
    "null": ("Ana\x00", "a control character"),
    "escape": ("Ana\x1b[31m", "a control character"),
    "delete": ("Ana\x7f", "a control character"),
    "soft hyphen": ("An\u00ada", "an invisible character"),
    "Hangul filler": ("\u3164", "an invisible character"),
    "blank Braille pattern": ("\u2800", "an invisible character"),
    "lone surrogate": ("Ana\ud800", "an invisible character"),
}
KEPT = {
    "accents and apostrophes": "Zoë O'Brien-Núñez",
    "Persian with a non-joiner": "\u0646\u06cc\u06a9\u200c\u0646\u0627\u0645",
    "Devanagari with a joiner after a virama": "\u0915\u094d\u200d\u0937",
    "Japanese": "山田 太郎",
    "an emoji sequence with a joiner": "Easy run \U0001f3c3\u200d\u2640\ufe0f",
    "a family emoji": "\U0001f469\u200d\U0001f467 day",
    "a flag with a selector and a joiner": "Pride run \U0001f3f3\ufe0f\u200d\U0001f308",
    "combining accents": "Zoe\u0308",
    "a no-break space": "Ana\u00a0Ben",
}


@pytest.mark.parametrize("name", REFUSED)
def test_control_and_invisible_characters_are_found(name: str) -> None:
    value, words = REFUSED[name]
    assert text.hidden_character(value) == words
    assert text.one_line_refusal(value) == f"Use one line of visible text: this holds {words}. Remove it and try again."


@pytest.mark.parametrize("name", KEPT)
def test_writing_that_needs_joiners_is_kept(name: str) -> None:
    assert text.hidden_character(KEPT[name]) is None
    assert text.header_text(KEPT[name]) == KEPT[name].replace("\u00a0", " ")


def test_header_text_is_one_clean_line() -> None:
    assert text.header_text("Eve\r\nBcc: victim@example.org\r\n\tX-Evil: 1") == "Eve Bcc: victim@example.org X-Evil: 1"
    assert text.header_text("Ana\u200b \u202eBen\ufeff\u2028 invited you") == "Ana Ben invited you"
    assert (
        text.header_text("\u0646\u06cc\u06a9\u200c\u0646\u0627\u0645\u200c")
        == "\u0646\u06cc\u06a9\u200c\u0646\u0627\u0645"
    )


@given(st.text())
def test_header_text_never_holds_what_a_name_may_not(value: str) -> None:
    cleaned = text.header_text(value)
    assert text.hidden_character(cleaned) is None
    assert cleaned == cleaned.strip() and "  " not in cleaned


# --- the API: 400 naming the field ------------------------------------------------------------------------


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.content
    [message] = response.json()[field]
    assert message.startswith("Use one line of visible text: this holds ")
    return message


ATHLETE = {
    "email": "new@example.org", "birth_date": "1990-05-01", "sex": "female", "mass_kg": 60,
    "time_zone": "America/New_York", "sport": "run", "level": "novice", "available_weekdays": [0, 1, 3, 5],
}  # fmt: skip


@pytest.mark.django_db
def test_sign_up_and_invitation_refuse_hidden_characters(roster) -> None:
    signup = {"email": "casey@example.org", "password": "a good new password", "name": "Casey\r\nCoach"}
    assert refused(roster.clients["anonymous"].post("/api/v1/auth/signup/", signup, format="json"), "name") == (
        "Use one line of visible text: this holds a line break. Remove it and try again."
    )
    assert not User.objects.filter(email="casey@example.org").exists()
    invite = ATHLETE | {"name": "Dana\u200bDiaz"}
    refused(roster.clients["coach_a"].post("/api/v1/athletes/", invite, format="json"), "name")
    assert not User.objects.filter(email="new@example.org").exists()
    assert not Invitation.objects.filter(email="new@example.org").exists()
    ok = roster.clients["coach_a"].post("/api/v1/athletes/", ATHLETE | {"name": KEPT["Persian with a non-joiner"]})
    assert ok.status_code == 201, ok.content


@pytest.mark.django_db
def test_profile_name_refuses_hidden_characters(roster) -> None:
    athlete = roster.athlete_a
    before = athlete.user.name
    for client in (roster.clients["athlete_a"], roster.clients["coach_a"]):
        response = client.patch(f"/api/v1/athletes/{athlete.pk}/", {"name": "Eve \u202eneve"}, format="json")
        assert refused(response, "name").endswith("a text-direction control. Remove it and try again.")
    athlete.user.refresh_from_db()
    assert athlete.user.name == before


@pytest.mark.django_db
def test_session_template_and_block_titles_refuse_hidden_characters(roster) -> None:
    coach, athlete = roster.clients["coach_a"], roster.athlete_a
    plan = generate(coach, athlete)
    _, session = sessions_of(plan)[0]
    url = f"/api/v1/plans/{plan['id']}/sessions/{session['id']}/"
    refused(coach.patch(url, {"title": "Tempo\nrun"}, format="json"), "title")
    new = {"date": MONDAY.isoformat(), "title": "Easy\trun", "modality": "run", "intensity": "easy"}
    refused(coach.post(f"/api/v1/plans/{plan['id']}/sessions/", new | {"planned_minutes": 30}, format="json"), "title")
    assert sessions_of(coach.get(f"/api/v1/plans/{plan['id']}/").json()) == sessions_of(plan)  # nothing changed
    title = KEPT["an emoji sequence with a joiner"]
    assert coach.patch(url, {"title": title}, format="json").json()["title"] == title
    refused(coach.post(f"/api/v1/plans/{plan['id']}/template/", {"name": "Base\u200b"}, format="json"), "name")
    block = {"start": (MONDAY + dt.timedelta(weeks=2)).isoformat(), "weeks": 4, "goal": "10 km\r\nrace"}
    refused(coach.post(f"/api/v1/athletes/{athlete.pk}/blocks/", block, format="json"), "goal")


@pytest.mark.django_db
def test_fixture_exercise_and_food_names_refuse_hidden_characters(roster) -> None:
    coach = roster.clients["coach_a"]
    player = AthleteFactory(coaches=[roster.coach_a], sport="soccer")
    fixture = {
        "date": MONDAY.isoformat(),
        "start_time": "15:00",
        "minutes": 90,
        "kind": "match",
        "title": "Cup\r\nfinal",
    }
    refused(coach.post(f"/api/v1/athletes/{player.pk}/fixtures/", fixture, format="json"), "title")
    created = coach.post(f"/api/v1/athletes/{player.pk}/fixtures/", fixture | {"title": "Cup final"}, format="json")
    assert created.status_code == 201, created.content
    fixture_url = f"/api/v1/athletes/{player.pk}/fixtures/{created.json()['id']}/"
    refused(coach.patch(fixture_url, {"title": "Cup\u2066final"}, format="json"), "title")
    drill = {"name": "Hamstring\u200bslides", "category": "strength_prevention", "equipment": "none"}
    refused(coach.post("/api/v1/exercises/", drill | {"instructions": "Walk the heels out."}, format="json"), "name")
    food = {"description": "Recovery\u00adshake", "water_g": 80}
    refused(coach.post("/api/v1/foods/", food, format="json"), "description")
    refused(
        coach.post("/api/v1/foods/", food | {"description": "Shake", "short_description": "a\nb"}), "short_description"
    )
    portion = {"amount": 1, "unit": "cup\r\nX", "grams": 240}
    response = coach.post("/api/v1/foods/", {"description": "Shake", "portions": [portion]}, format="json")
    assert response.status_code == 400 and "Use one line of visible text" in str(response.json()["portions"])


# --- pages --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_show_the_reason_on_the_field() -> None:
    browser = Client()
    signup = {
        "name": "Casey\u202eCoach", "email": "casey@example.org", "password": "a good new password",
        "password_again": "a good new password", "time_zone": "UTC",
    }  # fmt: skip
    page = browser.post("/signup/", signup)
    assert page.status_code == 400
    assert "this holds a text-direction control" in page.content.decode()
    assert not User.objects.filter(email="casey@example.org").exists()
    coach = CoachFactory(name="Casey Coach")
    browser.force_login(coach)
    page = browser.post("/settings/profile/", {"name": "Casey\u200b"})
    assert page.status_code == 400
    assert "this holds a zero-width character" in page.content.decode()
    coach.refresh_from_db()
    assert coach.name == "Casey Coach"


# --- email headers --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invitation_subject_is_one_line_whatever_an_older_name_holds(smtp_server) -> None:
    """Names stored before they were checked still reach subjects; what would break or spoof a header goes."""
    coach = CoachFactory()
    User.objects.filter(pk=coach.pk).update(name="Eve\r\nBcc: victim@example.org\u202e\u200b")
    athlete = AthleteFactory(coaches=[coach])
    stored = User.objects.get(pk=coach.pk)  # the coach as the database has them, with the unchecked name
    invitation = InvitationFactory(athlete=athlete, email=athlete.user.email, invited_by=stored)
    emails.invitation_message(invitation).send()
    [message] = smtp_server.messages
    assert message["Bcc"] is None
    assert message["Subject"] == "Eve Bcc: victim@example.org invited you to Trainer"
    assert [str(a) for a in message["To"].addresses] == [athlete.user.email]


@pytest.mark.django_db
def test_a_password_reset_subject_is_one_line(smtp_server) -> None:
    from people.tasks import send_email

    assert send_email.apply(args=["Reset\r\nX-Evil: 1\u2067", "body", ["a@example.org"]]).get() == "sent"
    [message] = smtp_server.messages
    assert message["X-Evil"] is None
    assert message["Subject"] == "Reset X-Evil: 1"
