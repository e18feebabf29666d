"""Accounts on the web (issue 14, item 6): a coach signs up, athletes and coaches edit profiles, anyone changes
their password, an athlete who has an account joins a second coach's roster by invitation, a coach takes an
athlete off the roster, and 403/404 pages are styled with the site's navigation (JSON under /api/)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from core.errors import ServiceError
from intake.models import WaterLog
from people import emails, invitations, services
from people.models import CoachAthlete, Invitation, Role, User
from people.rules import lb_to_kg
from reminders.models import ReminderPreference
from tests.conftest import client_for
from tests.factories import (
    PASSWORD,
    AthleteFactory,
    CoachAlertFactory,
    CoachAthleteFactory,
    CoachFactory,
    WaterFactory,
)
from tests.world import signed_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quiet harbour lantern 91"


def field_error(body: str, field: str) -> str:
    """The text of a field's error list (Django renders it with id="id_<field>_error")."""
    match = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</ul>', body, flags=re.DOTALL)
    assert match, f"no error for {field}"
    return re.sub(r"<[^>]+>", "", match.group(1))


# --- who may open which page -------------------------------------------------------------------------------


def test_permission_matrix(people) -> None:
    """Anonymous: sign in first. Athlete: their own profile, never a coach page. Own coach: the athlete's
    training settings and removal. Other coach: 404 for both, never the data."""
    a = people.athlete.pk
    urls = {
        "profile": f"/athletes/{a}/profile/",
        "remove": f"/coach/athletes/{a}/remove/",
        "invite": "/coach/invite/existing/",
        "password": "/settings/password/",
        "account": "/settings/profile/",
    }
    expected = {
        "athlete": {"profile": 200, "remove": 403, "invite": 403, "password": 200, "account": 302},
        "own coach": {"profile": 200, "remove": 200, "invite": 200, "password": 200, "account": 200},
        "other coach": {"profile": 404, "remove": 404, "invite": 200, "password": 200, "account": 200},
        "other athlete": {"profile": 404, "remove": 404, "invite": 403, "password": 200, "account": 302},
    }
    clients = {
        "athlete": signed_in(people.athlete.user),
        "own coach": signed_in(people.coach),
        "other coach": signed_in(people.other_coach),
        "other athlete": signed_in(people.other.user),
    }
    for who, codes in expected.items():
        got = {name: clients[who].get(url).status_code for name, url in urls.items()}
        assert got == codes, who
    anonymous = Client()
    for url in urls.values():
        response = anonymous.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/?next="), url
    # Writes follow the same rules, and a refused one changes nothing.
    assert clients["other coach"].post(urls["remove"]).status_code == 404
    assert clients["athlete"].post(urls["remove"]).status_code == 403
    assert clients["other coach"].post(urls["profile"], {"level": "novice"}).status_code == 404
    assert CoachAthlete.objects.filter(coach=people.coach, athlete=people.athlete).exists()
    assert signed_in(people.athlete.user).get("/settings/profile/").url == urls["profile"]
    assert signed_in(people.athlete.user).get("/me/profile/").url == urls["profile"]


def test_staff_edit_training_settings_but_remove_only_from_their_own_roster(people) -> None:
    staff = signed_in(people.staff)
    assert staff.get(f"/athletes/{people.other.pk}/profile/").status_code == 200
    assert staff.get(f"/coach/athletes/{people.other.pk}/remove/").status_code == 404


# --- coach sign-up -----------------------------------------------------------------------------------------


def test_the_sign_in_page_links_to_sign_up(client) -> None:
    body = client.get("/login/").content.decode()
    assert 'href="/signup/"' in body


def test_a_coach_signs_up_and_lands_on_the_roster(client, db) -> None:
    page = client.get("/signup/")
    assert page.status_code == 200
    body = page.content.decode()
    for field in ("name", "email", "password", "password_again", "time_zone"):
        assert f'name="{field}"' in body, field
    response = client.post(
        "/signup/",
        {
            "name": "Casey New",
            "email": "Casey.New@Example.org",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
            "time_zone": "America/Chicago",
        },
    )
    assert response.status_code == 302 and response.url == "/coach/"
    user = User.objects.get(email="casey.new@example.org")
    assert user.role == Role.COACH and user.name == "Casey New" and user.check_password(NEW_PASSWORD)
    assert ReminderPreference.objects.get(user=user).time_zone == "America/Chicago"
    roster = client.get("/coach/")  # signed in already
    assert roster.status_code == 200
    assert "Welcome to Trainer" in roster.content.decode()
    assert client.get("/signup/").url == "/"  # nothing to sign up for once signed in


def test_sign_up_refuses_bad_input_next_to_each_field(client, people) -> None:
    base = {"name": "Pat", "email": "pat@example.org", "time_zone": "UTC"}
    weak = client.post("/signup/", {**base, "password": "12345678", "password_again": "12345678"})
    assert weak.status_code == 400
    assert "too short" in field_error(weak.content.decode(), "password")
    differ = client.post("/signup/", {**base, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"})
    assert "The two passwords differ." in field_error(differ.content.decode(), "password_again")
    taken = {**base, "email": people.coach.email.upper(), "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    response = client.post("/signup/", taken)
    assert response.status_code == 400
    assert "already exists" in field_error(response.content.decode(), "email")
    zone = client.post(
        "/signup/", {**base, "time_zone": "Mars/Olympus", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert zone.status_code == 400 and field_error(zone.content.decode(), "time_zone")
    assert not User.objects.filter(email="pat@example.org").exists()


@pytest.fixture
def signup_rate(monkeypatch) -> None:
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "signup": "3/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_sign_up_is_limited_per_address_on_the_api_counter(client, db, signup_rate) -> None:
    def page(n: int) -> int:
        data = {"name": "N", "email": f"n{n}@example.org", "time_zone": "UTC"}
        return client.post("/signup/", {**data, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}).status_code

    assert page(1) == 302
    client.post("/logout/")
    api = APIClient().post("/api/v1/auth/signup/", {"email": "api@example.org", "password": NEW_PASSWORD, "name": "A"})
    assert api.status_code == 201
    assert page(2) == 302
    client.post("/logout/")
    refused = client.post("/signup/", {"name": "N", "email": "n3@example.org", "password": NEW_PASSWORD,
                                       "password_again": NEW_PASSWORD, "time_zone": "UTC"})  # fmt: skip
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many sign-ups" in refused.content.decode()
    assert not User.objects.filter(email="n3@example.org").exists()


# --- profiles ----------------------------------------------------------------------------------------------


@pytest.fixture
def changes_heard():
    """What `profile_changed` announces (the signal the plans app listens to), heard by a real receiver."""
    heard: list[set[str]] = []

    def listen(sender, *, athlete, fields, **kwargs) -> None:
        heard.append(set(fields))

    services.profile_changed.connect(listen, dispatch_uid="test-account-pages")
    yield heard
    services.profile_changed.disconnect(dispatch_uid="test-account-pages")


def own_form(athlete, **changes) -> dict:
    """The athlete's profile form as the page fills it in, with `changes`."""
    data = {
        "name": athlete.user.name,
        "units": athlete.units,
        "mass": str(round(float(athlete.mass_kg), 1)),
        "mass_units": athlete.units,
        "time_zone": athlete.time_zone,
        "waking_start": "07:00",
        "waking_end": "22:00",
        "sport": athlete.sport,
        "level": athlete.level,
        "available_weekdays": [str(d) for d in athlete.available_weekdays],
        "preferred_long_day": "",
        "preferred_session_time": "07:00",
        "sweat_rate_ml_per_h": "",
        "medical_flags": [],
        "medications": "",
    }
    data.update(changes)
    return data


def test_an_athlete_switches_units_and_zone_and_sets_waking_hours(people, changes_heard) -> None:
    athlete = people.athlete  # 62 kg, Europe/Berlin, metric
    client = signed_in(athlete.user)
    page = client.get(f"/athletes/{athlete.pk}/profile/").content.decode()
    assert "Body mass (kg)" in page and 'value="62.0"' in page
    response = client.post(
        f"/athletes/{athlete.pk}/profile/",
        own_form(athlete, units="imperial", time_zone="America/New_York", waking_start="06:30", waking_end="21:30"),
    )
    assert response.status_code == 302 and response.url == f"/athletes/{athlete.pk}/profile/"
    athlete.refresh_from_db()
    assert (athlete.units, athlete.time_zone) == ("imperial", "America/New_York")
    assert athlete.mass_kg == Decimal("62.0")  # the number typed was in kg, the units shown then
    preference = ReminderPreference.objects.get(user=athlete.user)
    assert (preference.waking_start, preference.waking_end) == (dt.time(6, 30), dt.time(21, 30))
    assert changes_heard == [{"units", "time_zone"}]
    page = client.get(f"/athletes/{athlete.pk}/profile/").content.decode()
    assert "Profile saved." in page
    assert "Body mass (lb)" in page and 'value="136.7"' in page  # 62 kg in pounds
    assert "America/New_York" in page


def test_an_imperial_athlete_types_pounds(people, changes_heard) -> None:
    athlete = AthleteFactory(coaches=[people.coach], units="imperial", mass_kg=80)
    client = signed_in(athlete.user)
    response = client.post(f"/athletes/{athlete.pk}/profile/", own_form(athlete, mass="165", mass_units="imperial"))
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.mass_kg == Decimal(str(round(lb_to_kg(165), 1)))
    assert changes_heard == [{"mass_kg"}]
    # Pounds typed while switching back to metric are still read as pounds, then stored in kg.
    response = client.post(
        f"/athletes/{athlete.pk}/profile/", own_form(athlete, units="metric", mass="176.4", mass_units="imperial")
    )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.units == "metric" and athlete.mass_kg == Decimal("80.0")


def test_health_and_training_fields_are_saved(people) -> None:
    athlete = people.athlete
    client = signed_in(athlete.user)
    data = own_form(
        athlete,
        name="Ana A. Athlete",
        level="advanced",
        available_weekdays=["0", "2", "4", "5"],
        preferred_long_day="5",
        medical_flags=["diuretics", "blood_pressure_medication"],
        medications="hydrochlorothiazide, lisinopril",
        sweat_rate_ml_per_h="1300",
    )
    assert client.post(f"/athletes/{athlete.pk}/profile/", data).status_code == 302
    athlete.refresh_from_db()
    athlete.user.refresh_from_db()
    assert athlete.user.name == "Ana A. Athlete"
    assert (athlete.level, athlete.available_weekdays, athlete.preferred_long_day) == ("advanced", [0, 2, 4, 5], 5)
    assert athlete.medical_flags == ["diuretics", "blood_pressure_medication"]
    assert athlete.medications == ["hydrochlorothiazide", "lisinopril"]
    assert athlete.sweat_rate_ml_per_h == 1300
    page = client.get(f"/athletes/{athlete.pk}/profile/").content.decode()
    assert 'value="hydrochlorothiazide, lisinopril"' in page
    assert "diuretics" not in re.sub(r'(value|name|id|for)="[^"]*"', "", page)  # labels, not codes


def test_the_profile_refuses_what_the_api_refuses(people) -> None:
    athlete = people.athlete
    client = signed_in(athlete.user)
    url = f"/athletes/{athlete.pk}/profile/"
    cases = {
        "mass": own_form(athlete, mass="700"),
        "waking_end": own_form(athlete, waking_start="22:00", waking_end="07:00"),
        "available_weekdays": own_form(athlete, available_weekdays=[]),
        "sweat_rate_ml_per_h": own_form(athlete, sweat_rate_ml_per_h="9000"),
        "time_zone": own_form(athlete, time_zone="Europe/Atlantis"),
    }
    for field, data in cases.items():
        response = client.post(url, data)
        assert response.status_code == 400, field
        assert field_error(response.content.decode(), field).strip(), field
    api = client_for(athlete.user).patch(f"/api/v1/athletes/{athlete.pk}/", {"mass_kg": 700}, format="json")
    assert api.status_code == 400 and "mass_kg" in api.json()
    athlete.refresh_from_db()
    assert athlete.mass_kg == Decimal("62.0") and athlete.time_zone == "Europe/Berlin"


def test_a_refused_waking_hour_saves_nothing(people) -> None:
    athlete = people.athlete
    client = signed_in(athlete.user)
    data = own_form(athlete, level="novice", waking_start="10:00", waking_end="09:00")
    assert client.post(f"/athletes/{athlete.pk}/profile/", data).status_code == 400
    athlete.refresh_from_db()
    assert athlete.level == "intermediate"


def coach_form(athlete, **changes) -> dict:
    data = {
        "sport": athlete.sport,
        "level": athlete.level,
        "available_weekdays": [str(d) for d in athlete.available_weekdays],
        "preferred_long_day": "",
        "preferred_session_time": "07:00",
        "weekly_minutes_target": str(athlete.weekly_minutes_target),
        "mass": str(round(float(athlete.mass_kg), 1)),
        "mass_units": athlete.units,
        "sweat_rate_ml_per_h": "",
        "medical_flags": athlete.medical_flags,
        "medications": "",
    }
    data.update(changes)
    return data


def test_a_coach_edits_training_fields_but_not_the_athletes_own(people, changes_heard) -> None:
    athlete = people.athlete
    client = signed_in(people.coach)
    page = client.get(f"/athletes/{athlete.pk}/profile/").content.decode()
    assert "Training settings of Ana Athlete" in page
    for own_field in ('name="name"', 'name="units"', 'name="time_zone"', 'name="waking_start"'):
        assert own_field not in page, own_field
    assert f'href="/coach/athletes/{athlete.pk}/remove/"' in page
    data = coach_form(
        athlete, sport="soccer", level="advanced", available_weekdays=["1", "3", "5"], preferred_long_day="5",
        weekly_minutes_target="420", hamstring_imbalance="on",
        # Fields of the athlete's own, sent anyway, change nothing: the form has no place for them.
        name="Renamed", units="imperial", time_zone="Asia/Tokyo",
    )  # fmt: skip
    response = client.post(f"/athletes/{athlete.pk}/profile/", data)
    assert response.status_code == 302
    athlete.refresh_from_db()
    athlete.user.refresh_from_db()
    assert (athlete.sport, athlete.level, athlete.available_weekdays) == ("soccer", "advanced", [1, 3, 5])
    assert (athlete.preferred_long_day, athlete.weekly_minutes_target, athlete.hamstring_imbalance) == (5, 420, True)
    assert (athlete.user.name, athlete.units, athlete.time_zone) == ("Ana Athlete", "metric", "Europe/Berlin")
    assert changes_heard == [
        {"sport", "level", "available_weekdays", "preferred_long_day", "weekly_minutes_target", "hamstring_imbalance"}
    ]


def test_a_coach_sees_and_types_mass_in_the_athletes_units(people) -> None:
    athlete = AthleteFactory(coaches=[people.coach], units="imperial", mass_kg=70)
    client = signed_in(people.coach)
    page = client.get(f"/athletes/{athlete.pk}/profile/").content.decode()
    assert "Body mass (lb)" in page and 'value="154.3"' in page
    assert client.post(f"/athletes/{athlete.pk}/profile/", coach_form(athlete, mass="150")).status_code == 302
    athlete.refresh_from_db()
    assert athlete.mass_kg == Decimal("68.0")


def test_the_service_keeps_each_persons_fields(people) -> None:
    with pytest.raises(ServiceError) as refused:
        services.edit_profile(people.athlete, editor=people.coach, name="Renamed", profile={})
    assert refused.value.field == "name"
    with pytest.raises(ServiceError) as refused:
        services.edit_profile(people.athlete, editor=people.coach, name=None, profile={"time_zone": "Asia/Tokyo"})
    assert refused.value.field == "time_zone"
    with pytest.raises(ServiceError):
        services.edit_profile(
            people.athlete, editor=people.athlete.user, name=None, profile={"hamstring_imbalance": True}
        )


def test_the_profile_page_reads_in_a_fixed_number_of_queries(people, django_assert_max_num_queries) -> None:
    client = signed_in(people.athlete.user)
    with django_assert_max_num_queries(10):
        assert client.get(f"/athletes/{people.athlete.pk}/profile/").status_code == 200


def test_a_coach_renames_their_account(people) -> None:
    client = signed_in(people.coach)
    page = client.get("/settings/profile/").content.decode()
    assert 'href="/settings/password/"' in page
    assert client.post("/settings/profile/", {"name": "Casey C. Coach"}).status_code == 302
    people.coach.refresh_from_db()
    assert people.coach.name == "Casey C. Coach"


# --- password change ---------------------------------------------------------------------------------------


def test_password_change(people) -> None:
    user = people.athlete.user
    client = Client()
    assert client.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    profile = client.get(f"/athletes/{people.athlete.pk}/profile/").content.decode()
    assert 'href="/settings/password/"' in profile
    assert client.get("/settings/password/").status_code == 200
    wrong = client.post(
        "/settings/password/",
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 400
    assert "incorrectly" in field_error(wrong.content.decode(), "old_password")
    weak = client.post(
        "/settings/password/", {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"}
    )
    assert weak.status_code == 400
    done = client.post(
        "/settings/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done.url == "/settings/profile/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(f"/athletes/{people.athlete.pk}/today/").status_code == 200  # still signed in here
    fresh = Client()
    assert fresh.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 400
    assert fresh.post("/login/", {"username": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_password_change_attempts_are_limited(people, monkeypatch) -> None:
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "password_confirm": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    client = signed_in(people.coach)
    wrong = {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    codes = [client.post("/settings/password/", wrong).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    right = {**wrong, "old_password": PASSWORD}
    response = client.post("/settings/password/", right)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    people.coach.refresh_from_db()
    assert people.coach.check_password(PASSWORD)


# --- an existing athlete joins a second coach's roster ----------------------------------------------------


def roster_invite(client, email: str):
    return client.post("/coach/invite/existing/", {"email": email})


def test_an_existing_athlete_joins_a_second_roster(people, django_capture_on_commit_callbacks) -> None:
    athlete, second = people.athlete, people.other_coach
    with django_capture_on_commit_callbacks() as sent:
        response = roster_invite(signed_in(second), athlete.user.email.upper())
    assert response.status_code == 302 and response.url == "/coach/"
    assert len(sent) == 1  # the email goes after commit, through the worker
    invitation = Invitation.objects.get(athlete=athlete, invited_by=second)
    message = emails.invitation_message(invitation)
    assert message.subject == "Olly Other asks you to join their roster on Trainer"
    assert "Sign in with your Trainer account" in message.body and "choose" not in message.body.lower()
    path = f"/invite/{invitations.make_token(invitation.pk)}/"

    # Not signed in: sign in first, then come back to the same link.
    visitor = Client()
    response = visitor.get(path)
    assert response.status_code == 302 and response.url.startswith("/login/?next=/invite/")
    response = visitor.post(response.url, {"username": athlete.user.email, "password": PASSWORD, "next": path})
    assert response.url == path
    page = visitor.get(path)
    assert page.status_code == 200 and "Join Olly Other's roster" in page.content.decode()
    assert not CoachAthlete.objects.filter(coach=second, athlete=athlete).exists()  # opening it changes nothing

    joined = visitor.post(path)
    assert joined.status_code == 302
    assert CoachAthlete.objects.filter(coach=second, athlete=athlete).exists()
    assert CoachAthlete.objects.filter(coach=people.coach, athlete=athlete).exists()  # the first coach stays
    assert User.objects.filter(email=athlete.user.email).count() == 1
    assert signed_in(second).get(f"/coach/athletes/{athlete.pk}/").status_code == 200
    assert visitor.post(path).status_code == 400  # once


def test_a_roster_invitation_cannot_reset_an_existing_password(people) -> None:
    athlete = people.athlete
    invitation = services.invite_to_roster(coach=people.other_coach, email=athlete.user.email)
    token = invitations.make_token(invitation.pk)
    response = APIClient().post("/api/v1/auth/invitations/accept/", {"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400 and "sign in" in response.json()["token"][0]
    athlete.user.refresh_from_db()
    assert athlete.user.check_password(PASSWORD)
    # Someone else signed in gets a page that says whose invitation it is, and nothing joins.
    other = signed_in(people.other.user).get(f"/invite/{token}/")
    assert other.status_code == 403 and athlete.user.email in other.content.decode()
    assert not CoachAthlete.objects.filter(coach=people.other_coach, athlete=athlete).exists()
    # The athlete signed in can accept through the API too.
    joined = client_for(athlete.user).post("/api/v1/auth/invitations/join/", {"token": token}, format="json")
    assert joined.status_code == 200
    assert joined.json() == {"athlete_id": athlete.pk, "coach": people.other_coach.pk}


def test_an_invited_athlete_without_a_password_yet_joins_both_rosters(people) -> None:
    first = CoachFactory()
    fresh = services.add_athlete(
        coach=first,
        email="fresh@example.org",
        name="Fresh Face",
        profile={"birth_date": dt.date(2000, 5, 5), "sex": "male", "mass_kg": 70, "time_zone": "UTC"},
    )
    invitation = services.invite_to_roster(coach=people.coach, email="fresh@example.org")
    assert emails.invitation_message(invitation).subject.endswith("invited you to Trainer")  # choose a password
    path = f"/invite/{invitations.make_token(invitation.pk)}/"
    response = Client().post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302
    assert set(CoachAthlete.objects.filter(athlete=fresh).values_list("coach_id", flat=True)) == {
        first.pk,
        people.coach.pk,
    }


def test_roster_invitations_refuse_what_cannot_join(people) -> None:
    client = signed_in(people.coach)
    cases = {
        "nobody@example.org": "No athlete uses this email",
        people.other_coach.email: "belongs to a coach",
        people.athlete.user.email: "on your roster already",
    }
    for email, reason in cases.items():
        response = roster_invite(client, email)
        assert response.status_code == 400, email
        assert reason in field_error(response.content.decode(), "email"), email
    assert roster_invite(client, people.other.user.email).status_code == 302
    again = roster_invite(client, people.other.user.email)
    assert again.status_code == 400 and "less than a day ago" in again.content.decode()
    assert Invitation.objects.filter(invited_by=people.coach).count() == 1


def test_the_full_invite_form_points_existing_athletes_to_a_roster_invitation(people) -> None:
    client = signed_in(people.coach)
    page = client.get("/coach/invite/").content.decode()
    assert 'href="/coach/invite/existing/"' in page
    data = {
        "email": people.other.user.email, "name": "X", "birth_date": "1990-01-01", "sex": "female", "units": "metric",
        "mass": "50", "time_zone": "UTC", "sport": "run", "level": "novice", "available_weekdays": ["0"],
        "weekly_minutes_target": "180",
    }  # fmt: skip
    response = client.post("/coach/invite/", data)
    assert response.status_code == 400
    assert "invitation to join your roster" in field_error(response.content.decode(), "email")


def test_roster_invitations_in_the_api(people) -> None:
    api = client_for(people.coach)
    response = api.post("/api/v1/roster/invitations/", {"email": people.other.user.email}, format="json")
    assert response.status_code == 201
    assert response.json()["email"] == people.other.user.email
    assert not CoachAthlete.objects.filter(coach=people.coach, athlete=people.other).exists()
    refused = api.post("/api/v1/roster/invitations/", {"email": "nobody@example.org"}, format="json")
    assert refused.status_code == 400 and "email" in refused.json()
    athlete_api = client_for(people.athlete.user)
    assert athlete_api.post("/api/v1/roster/invitations/", {"email": people.other.user.email}).status_code == 403


# --- removing an athlete from a roster ---------------------------------------------------------------------


def test_a_coach_removes_an_athlete_and_loses_access(people) -> None:
    athlete = people.athlete
    CoachAthleteFactory(coach=people.other_coach, athlete=athlete)  # a second coach, who stays
    WaterFactory(athlete=athlete, at=timezone.now(), water_ml=500)
    pending = services.invite(athlete=athlete, invited_by=people.coach)
    client = signed_in(people.coach)
    page = client.get(f"/coach/athletes/{athlete.pk}/remove/").content.decode()
    assert "Remove Ana Athlete from your roster" in page and "Their account stays" in page
    assert CoachAthlete.objects.filter(coach=people.coach, athlete=athlete).exists()  # a GET removes nothing

    response = client.post(f"/coach/athletes/{athlete.pk}/remove/")
    assert response.status_code == 302 and response.url == "/coach/"
    roster = client.get("/coach/").content.decode()
    assert "is no longer on your roster" in roster and f'href="/coach/athletes/{athlete.pk}/"' not in roster
    for url in (f"/coach/athletes/{athlete.pk}/", f"/athletes/{athlete.pk}/today/", f"/athletes/{athlete.pk}/profile/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/coach/athletes/{athlete.pk}/remove/").status_code == 404
    # The athlete, their data and their other coach stay; the removed coach's unused invitation is gone.
    assert signed_in(athlete.user).get(f"/athletes/{athlete.pk}/today/").status_code == 200
    assert WaterLog.objects.filter(athlete=athlete).count() == 1
    assert CoachAthlete.objects.filter(coach=people.other_coach, athlete=athlete).exists()
    assert not Invitation.objects.filter(pk=pending.pk).exists()


def test_removing_needs_a_csrf_token(people) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.coach)
    response = client.post(f"/coach/athletes/{people.athlete.pk}/remove/")
    assert response.status_code == 403
    body = response.content.decode()  # the styled page, saying what to do
    assert 'class="top"' in body and "This form could not be sent" in body and "reload the page" in body
    assert CoachAthlete.objects.filter(coach=people.coach, athlete=people.athlete).exists()


def test_removing_in_the_api(people) -> None:
    url = f"/api/v1/roster/{people.athlete.pk}/"
    assert APIClient().delete(url).status_code == 401
    assert client_for(people.athlete.user).delete(url).status_code == 403
    assert client_for(people.other_coach).delete(url).status_code == 404
    assert client_for(people.staff).delete(url).status_code == 404
    coach = client_for(people.coach)
    assert coach.delete(url).status_code == 204
    assert coach.get(f"/api/v1/athletes/{people.athlete.pk}/").status_code == 404
    assert coach.delete(url).status_code == 404
    assert client_for(people.athlete.user).get(f"/api/v1/athletes/{people.athlete.pk}/").status_code == 200


# --- 403, 404 and 500 pages ----------------------------------------------------------------------------------


def test_an_athlete_on_a_coach_page_gets_a_styled_helpful_403(people) -> None:
    response = signed_in(people.athlete.user).get("/coach/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'class="top"' in body and 'aria-label="Main"' in body  # the site's header and navigation
    assert "This page is for coaches." in body
    assert f'href="/athletes/{people.athlete.pk}/today/"' in body


def test_another_coachs_athlete_is_a_styled_404_that_says_what_to_do(people) -> None:
    response = signed_in(people.coach).get(f"/coach/athletes/{people.other.pk}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="top"' in body and 'href="/coach/"' in body
    assert "may not be on your roster" in body and 'href="/coach/invite/existing/"' in body
    assert str(people.other) not in body  # existence never leaks


def test_unknown_pages_are_styled_for_visitors_too(client, db) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and 'href="/login/?next=/no-such-page/"' in body
    assert 'href="/signup/"' in body


def test_api_errors_stay_json(people) -> None:
    api = client_for(people.athlete.user)
    unknown = api.get("/api/v1/no-such-endpoint/")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Not found."}
    refused = api.get("/api/v1/roster/")  # DRF's own refusal: the roster is for coaches
    assert refused.status_code == 403 and "detail" in refused.json()
    hidden = api.get(f"/api/v1/athletes/{people.other.pk}/")
    assert hidden.status_code == 404 and hidden["Content-Type"] == "application/json"


@pytest.mark.urls("tests.trainer.faulty_urls")
def test_the_500_page_has_the_sites_header_without_the_session(people) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people.coach)
    response = client.get("/faults/database/")
    assert response.status_code == 503
    body = response.content.decode()
    assert 'class="top"' in body and 'href="/login/"' in body
    assert people.coach.email not in body  # it never reads the session


def test_alerts_about_a_removed_athlete_leave_the_api_too(people) -> None:
    """Issue 14: once off the roster, the athlete's old alerts no longer reach the coach, on the page or the API."""

    from people.models import CoachAthlete

    alert = CoachAlertFactory(
        coach=people.coach, athlete=people.athlete, date=dt.date(2026, 12, 1), status="red", message="Ana is red."
    )
    api = APIClient()
    api.force_authenticate(people.coach)
    assert [a["id"] for a in api.get("/api/v1/alerts/").json()["results"]] == [alert.pk]
    CoachAthlete.objects.filter(coach=people.coach, athlete=people.athlete).delete()
    assert api.get("/api/v1/alerts/").json()["results"] == []
    assert api.post(f"/api/v1/alerts/{alert.pk}/read/").status_code == 404
