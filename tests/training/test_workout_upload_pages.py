"""Workout files on the workout page (issue 17): several files at once and export zips, each file's outcome in
words, one broken file stopping none of the others; zip bombs refused; large files read by a worker with their
state shown; the RPE a file lacks asked for on the page, the Today page and in the after-session email; the
heart-rate load beside the session-RPE load on the trends page; who may."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import re
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fit_tool.profile.profile_type import Sport

from people.logs import local_today
from plans import services
from plans.models import PlanSession
from tests.factories import WorkoutFactory
from tests.training.test_workout_import_api import local_start, steady
from tests.training.workout_file_makers import Track, fit_file, gpx_file, tcx_file
from tests.world import signed_in, this_monday
from training import tasks, upload_services
from training.models import UploadOutcome, UploadState, WorkoutLog, WorkoutSource, WorkoutUpload
from training.workout_files import MAX_FILE_BYTES
from training.workout_zip import MAX_ENTRIES, MAX_TOTAL_BYTES

pytestmark = pytest.mark.django_db

# The upload's state, polled: session, user, viewer's zone, athlete, the files, a zip's entries.
STATUS_QUERIES = 6


def text_of(response) -> str:
    """The page as a person reads it: tags out (a block's edge is a space), entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.DOTALL)
    body = re.sub(r"</?(li|p|h\d|div|tr|td|th|section|option|ul|label|summary|br|nav|header|footer)\b[^>]*>", " ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


def send(client, athlete, *files: tuple[str, bytes], follow: bool = True):
    uploads = [SimpleUploadedFile(name, data, content_type="application/octet-stream") for name, data in files]
    return client.post(f"/athletes/{athlete.pk}/workouts/upload/", {"files": uploads}, follow=follow)


def last_week(athlete, coach) -> list[PlanSession]:
    """Last week's plan, published: every day of it is past, so any of its sessions can be done by a file."""
    plan = services.generate_plan(athlete=athlete, week_start=this_monday(athlete) - dt.timedelta(days=7), author=coach)
    services.publish_plan(plan)
    return list(PlanSession.objects.filter(plan=plan).order_by("date", "order"))


def lone_run(sessions: list[PlanSession]) -> PlanSession:
    """A run alone on its day: a run file of that day can only do that one."""
    dates = [s.date for s in sessions]
    return next(s for s in sessions if s.modality == "run" and dates.count(s.date) == 1)


def day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def a_run(athlete, day: dt.date, hour: int = 7, minutes: int = 30) -> Track:
    return Track(local_start(athlete, day.isoformat(), hour), minutes * 60, heart_rate=steady)


def zipped(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- several files at once ---------------------------------------------------------------------------------


def test_fit_tcx_gpx_and_a_broken_file_in_one_go_each_with_its_outcome(people) -> None:
    athlete = people.athlete
    session = lone_run(last_week(athlete, people.coach))
    me = signed_in(athlete.user)
    yesterday = local_today(athlete) - dt.timedelta(days=1)
    fit = fit_file(a_run(athlete, session.date), Sport.RUNNING)
    ride = tcx_file(Track(local_start(athlete, yesterday.isoformat(), 17), 3600, metres_per_second=8.0), "Biking")
    walk_before = gpx_file(a_run(athlete, yesterday, hour=6, minutes=20), "running")
    assert send(me, athlete, ("before.gpx", walk_before)).status_code == 200  # imported once already

    response = send(
        me,
        athlete,
        ("morning.fit", fit),
        ("ride.tcx", ride),
        ("again.gpx", walk_before),
        ("broken.fit", fit[:-200]),
        ("empty.gpx", b""),
    )

    assert response.status_code == 200 and response.redirect_chain[-1][1] == 302
    text = text_of(response)
    run = WorkoutLog.objects.get(athlete=athlete, session=session)
    ride_log = WorkoutLog.objects.get(athlete=athlete, modality="cycling")
    earlier = WorkoutLog.objects.get(athlete=athlete, date=yesterday, modality="run")
    assert f'morning.fit: Imported and matched to "{session.title}" on {day_words(session.date)}.' in text
    assert f"ride.tcx: Imported as an unplanned 60 min cycling on {day_words(yesterday)}." in text
    assert f"again.gpx: Already imported: the 20 min run of {day_words(yesterday)}." in text
    assert "broken.fit: Refused: The FIT file is damaged or cut short; export it again from the watch or app." in text
    assert "empty.gpx: Refused: The file is empty." in text
    # heart-rate load beside the session-RPE load, which waits for the RPE
    assert f"Session-RPE load: waiting for the RPE · heart-rate load {run.trimp:.0f} (Banister TRIMP)." in text
    assert (run.source, run.rpe, run.started_at) == (WorkoutSource.FILE, None, a_run(athlete, session.date).start)
    # the already-imported one links to the day of the workout it is
    assert f'href="/athletes/{athlete.pk}/today/?date={yesterday.isoformat()}#workouts"' in response.content.decode()
    assert WorkoutLog.objects.filter(athlete=athlete).count() == 3
    assert {ride_log.pk, earlier.pk, run.pk} == set(
        WorkoutLog.objects.filter(athlete=athlete).values_list("pk", flat=True)
    )


def test_no_file_chosen_is_400_with_the_sentence(people) -> None:
    response = signed_in(people.athlete.user).post(f"/athletes/{people.athlete.pk}/workouts/upload/", {})
    assert response.status_code == 400
    assert "Choose one or more FIT, TCX or GPX files, or an export zip." in text_of(response)


def test_a_file_over_the_limit_is_refused_without_being_read(people) -> None:
    athlete = people.athlete
    response = send(signed_in(athlete.user), athlete, ("huge.fit", b"\x00" * (MAX_FILE_BYTES + 1)))
    assert "huge.fit: Refused: The file is larger than 25 MB; send one workout." in text_of(response)
    assert not WorkoutUpload.objects.filter(size_bytes__gt=0).exclude(data=b"").exists()  # its bytes not kept
    assert not WorkoutLog.objects.exists()


def test_a_body_declared_past_the_limit_is_refused_before_it_is_read(people) -> None:
    athlete = people.athlete
    response = signed_in(athlete.user).post(
        f"/athletes/{athlete.pk}/workouts/upload/",
        {"files": [SimpleUploadedFile("a.fit", b"x")]},
        CONTENT_LENGTH=str(upload_services.MAX_SEND_BYTES + 1),
    )
    assert response.status_code == 400
    assert "The files add up to more than 100 MB; send fewer at once." in text_of(response)
    assert not WorkoutUpload.objects.exists()


def test_more_files_than_a_form_may_carry_is_400_with_the_sentence(people, settings) -> None:
    athlete = people.athlete
    files = [(f"{i}.gpx", b"<gpx/>") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = send(signed_in(athlete.user), athlete, *files, follow=False)
    assert response.status_code == 400
    assert f"Send at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files at once, or put them in a zip." in text_of(
        response
    )
    assert not WorkoutUpload.objects.exists()


# --- export zips -------------------------------------------------------------------------------------------


def test_a_bulk_export_zip_with_folders_gzip_a_nested_zip_and_a_broken_file(
    people, django_assert_max_num_queries
) -> None:
    athlete = people.athlete
    me = signed_in(athlete.user)
    days = [local_today(athlete) - dt.timedelta(days=n) for n in (1, 2, 3, 4)]
    garmin_inner = zipped({"uploads/ride.tcx": tcx_file(a_run(athlete, days[2]), "Biking")})
    export = zipped(
        {
            "activities/101.fit.gz": gzip.compress(fit_file(a_run(athlete, days[0]), Sport.RUNNING)),
            "activities/102.gpx": gpx_file(a_run(athlete, days[1]), "running"),
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": garmin_inner,
            "activities/103.fit": fit_file(a_run(athlete, days[3]), Sport.RUNNING)[:300],
            "activities.csv": b"Activity ID,Activity Date\n101,yesterday\n",
            "media/photo.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 100,
            "__MACOSX/activities/._102.gpx": b"\x00\x05\x16\x07",
        }
    )

    text = text_of(send(me, athlete, ("export.zip", export)))

    assert "export.zip: 4 workout files read; 3 other files in it were skipped." in text
    assert f"activities/101.fit.gz: Imported as an unplanned 30 min run on {day_words(days[0])}." in text
    assert f"activities/102.gpx: Imported as an unplanned 30 min run on {day_words(days[1])}." in text
    nested = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip/uploads/ride.tcx"
    assert f"{nested}: Imported as an unplanned 30 min cycling on {day_words(days[2])}." in text
    assert "activities/103.fit: Refused: The FIT file is damaged or cut short" in text
    assert WorkoutLog.objects.filter(athlete=athlete).count() == 3
    batch = WorkoutUpload.objects.get(parent=None).batch
    with django_assert_max_num_queries(STATUS_QUERIES):  # the same however many files the zip holds
        assert me.get(f"/athletes/{athlete.pk}/workouts/uploads/{batch}/").status_code == 200


def test_a_zip_bomb_is_refused_before_it_is_unpacked(people) -> None:
    athlete = people.athlete
    # 300 MB of zeros deflate to about 300 kB: its entry declares more than the zip may unpack to.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("activities/1.fit", "w") as entry:
        chunk = b"\x00" * (1024 * 1024)
        for _ in range(MAX_TOTAL_BYTES // len(chunk) + 50):
            entry.write(chunk)
    assert len(bomb.getvalue()) < upload_services.MAX_ZIP_BYTES

    text = text_of(send(signed_in(athlete.user), athlete, ("bomb.zip", bomb.getvalue())))

    assert "bomb.zip: Refused: The zip's files add up to more than 250 MB once unpacked; send fewer at once." in text
    assert not WorkoutLog.objects.exists()


def test_a_zip_that_lies_about_its_sizes_gives_no_more_than_it_declares(people) -> None:
    """An entry whose header says 1 kB but whose data unpack to 30 MB: zipfile stops at the declared size and
    the check of the data refuses it; the honest entry beside it imports."""
    athlete = people.athlete
    day = local_today(athlete) - dt.timedelta(days=1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/lying.tcx", b"<" + b" " * (30 * 1024 * 1024))
        archive.writestr("a/run.fit", fit_file(a_run(athlete, day), Sport.RUNNING))
    data = bytearray(buffer.getvalue())
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header and central directory
        at = data.find(signature)
        data[at + size_at : at + size_at + 4] = (1024).to_bytes(4, "little")

    text = text_of(send(signed_in(athlete.user), athlete, ("lying.zip", bytes(data))))

    assert "a/lying.tcx: Refused: This file is damaged inside the zip." in text
    assert f"a/run.fit: Imported as an unplanned 30 min run on {day_words(day)}." in text


def test_a_zip_with_too_many_entries_is_refused_before_they_are_listed(people) -> None:
    athlete = people.athlete
    many = zipped({f"junk/{i}.txt": b"" for i in range(MAX_ENTRIES + 1)}, zipfile.ZIP_STORED)
    text = text_of(send(signed_in(athlete.user), athlete, ("many.zip", many)))
    assert f"many.zip: Refused: The zip holds {MAX_ENTRIES + 1} entries, more than {MAX_ENTRIES}" in text


def test_a_damaged_zip_is_refused_and_the_file_beside_it_imports(people) -> None:
    athlete = people.athlete
    day = local_today(athlete) - dt.timedelta(days=2)
    good = zipped({"run.fit": fit_file(a_run(athlete, day), Sport.RUNNING)})
    text = text_of(
        send(
            signed_in(athlete.user),
            athlete,
            ("cut.zip", good[: len(good) // 2]),
            ("run.gpx", gpx_file(a_run(athlete, day, 18), "running")),
        )
    )
    assert "cut.zip: Refused: The zip file is damaged and cannot be read." in text
    assert f"run.gpx: Imported as an unplanned 30 min run on {day_words(day)}." in text


# --- large files: a worker reads them ------------------------------------------------------------------------


def test_a_large_file_waits_for_a_worker_and_the_page_polls_its_state(people) -> None:
    """Committed rows reach the broker only on commit, which this test's transaction never does: the row stays
    queued until the task is run here (the integration of page, broker and worker is the browser test's)."""
    athlete = people.athlete
    me = signed_in(athlete.user)
    day = local_today(athlete) - dt.timedelta(days=1)
    big = tcx_file(Track(local_start(athlete, day.isoformat(), 6), 150 * 60, heart_rate=steady), "Running")
    assert len(big) > upload_services.INLINE_MAX_BYTES

    response = send(me, athlete, ("long.tcx", big))

    row = WorkoutUpload.objects.get(athlete=athlete)
    assert (row.state, bytes(row.data) == big) == (UploadState.QUEUED, True)
    assert "long.tcx: Waiting for a worker to read it." in text_of(response)
    status_url = f"/athletes/{athlete.pk}/workouts/uploads/{row.batch}/"
    page = response.content.decode()
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 3s"' in page

    assert tasks.read_workout_upload.apply(args=[row.pk]).get() == UploadOutcome.IMPORTED
    assert tasks.read_workout_upload.apply(args=[row.pk]).get() is None  # delivered twice: read once

    status = me.get(status_url)
    assert status.status_code == 200 and "hx-trigger" not in status.content.decode()  # done: no more polling
    assert f"long.tcx: Imported as an unplanned 150 min run on {day_words(day)}." in text_of(status)
    row.refresh_from_db()
    assert (row.state, bytes(row.data)) == (UploadState.DONE, b"")
    assert WorkoutLog.objects.get(athlete=athlete).minutes == 150


def test_a_large_zip_is_read_by_the_worker_which_counts_its_files(people) -> None:
    athlete = people.athlete
    me = signed_in(athlete.user)
    days = [local_today(athlete) - dt.timedelta(days=n) for n in (1, 2)]
    long_run = tcx_file(Track(local_start(athlete, days[0].isoformat(), 6), 150 * 60), "Running")
    export = zipped({"a/long.tcx": long_run, "a/short.fit": fit_file(a_run(athlete, days[1]), Sport.RUNNING)})
    send(me, athlete, ("export.zip", export))
    row = WorkoutUpload.objects.get(athlete=athlete, parent=None)
    assert row.state == UploadState.QUEUED  # it unpacks to more than the page reads while it waits

    tasks.read_workout_upload.apply(args=[row.pk]).get()

    row.refresh_from_db()
    assert (row.outcome, row.entries_done, row.entries_total) == (UploadOutcome.ZIP, 2, 2)
    text = text_of(me.get(f"/athletes/{athlete.pk}/workouts/new/?upload={row.batch}"))
    assert "export.zip: 2 workout files read." in text
    assert f"a/long.tcx: Imported as an unplanned 150 min run on {day_words(days[0])}." in text


# --- the RPE a file lacks ----------------------------------------------------------------------------------


def test_the_workout_page_asks_for_the_rpe_and_the_load_follows(people) -> None:
    athlete = people.athlete
    me = signed_in(athlete.user)
    day = local_today(athlete) - dt.timedelta(days=1)
    send(me, athlete, ("run.fit", fit_file(a_run(athlete, day, minutes=40), Sport.RUNNING)))
    workout = WorkoutLog.objects.get(athlete=athlete)

    page = text_of(me.get(f"/athletes/{athlete.pk}/workouts/new/"))
    assert "How hard was it?" in page
    assert (
        f"{day_words(day)}: 40 min run from a file · session-RPE load waiting for the RPE · heart-rate load "
        f"{workout.trimp:.0f} (Banister TRIMP)"
    ) in page

    refused = me.post(f"/athletes/{athlete.pk}/workouts/{workout.pk}/rpe/", {f"rpe-{workout.pk}-rpe": ""})
    assert refused.status_code == 400 and "Choose how hard it was, 0 (rest) to 10 (maximal)." in text_of(refused)

    given = me.post(f"/athletes/{athlete.pk}/workouts/{workout.pk}/rpe/", {f"rpe-{workout.pk}-rpe": "6"}, follow=True)
    assert f"RPE 6 given: the 40 min run of {day_words(day)} has a session-RPE load of 240 AU." in text_of(given)
    workout.refresh_from_db()
    assert (workout.rpe, workout.load) == (6, 240)
    assert f'id="rpe-{workout.pk}"' not in given.content.decode()  # no longer asked


def test_the_today_page_asks_for_the_rpe_and_offers_the_tcx(people) -> None:
    athlete = people.athlete
    me = signed_in(athlete.user)
    day = local_today(athlete) - dt.timedelta(days=1)
    send(me, athlete, ("run.fit", fit_file(a_run(athlete, day), Sport.RUNNING)))
    workout = WorkoutLog.objects.get(athlete=athlete)
    response = me.get(f"/athletes/{athlete.pk}/today/?date={day.isoformat()}")
    text = text_of(response)
    assert "from a watch file: how hard was it? Give its RPE below; its load waits for it" in text
    assert f"heart-rate load {workout.trimp:.0f} (Banister TRIMP)" in text
    body = response.content.decode()
    assert f'href="/api/v1/athletes/{athlete.pk}/workouts/{workout.pk}/export.tcx" download' in body
    assert re.search(r'<details class="change" open>\s*<summary>Change</summary>', body)  # the RPE form, open
    assert '<option value="" selected>Choose how hard it was</option>' in body  # not "0 – Rest" chosen for them
    prefix = f"workout-{workout.pk}"
    unchosen = me.post(
        f"/athletes/{athlete.pk}/workouts/{workout.pk}/change/",
        {f"{prefix}-minutes": workout.minutes, f"{prefix}-rpe": ""},
    )
    assert unchosen.status_code == 400
    workout.refresh_from_db()
    assert workout.rpe is None


def test_the_after_session_email_asks_for_the_rpe_of_a_file_workout(db) -> None:
    from reminders import services as reminder_services
    from reminders.emails import delivery_message
    from reminders.models import Delivery
    from tests.factories import AthleteFactory, CoachFactory
    from tests.reminders.conftest import DAY, local, only_kinds, prime, publish_week, run_day

    athlete = AthleteFactory(coaches=[CoachFactory()], time_zone="Europe/Berlin")
    only_kinds(athlete.user, "post_session")
    monday = DAY - dt.timedelta(days=DAY.weekday())
    publish_week(athlete, monday, {DAY: [{"title": "Tempo run", "minutes": 60, "start": dt.time(18)}]})
    session = PlanSession.objects.get()
    WorkoutFactory(
        athlete=athlete, session=session, date=DAY, modality="", minutes=58, rpe=None, source=WorkoutSource.FILE,
        trimp=80.0,
    )  # fmt: skip
    prime(athlete.user, at=local("Europe/Berlin", DAY, 0))

    [post] = Delivery.objects.filter(pk__in=run_day(local("Europe/Berlin", DAY, 0), step_minutes=5))

    assert post.subject == "After Tempo run: rehydrate, stretch, give its RPE"
    email = delivery_message(post, reminder_services.preference_for(athlete.user))
    link = f"/athletes/{athlete.pk}/workouts/new/#rpe"
    assert "a file has no RPE: how hard was it? Give its RPE (0 to 10), and its load counts" in email.body
    assert link in email.body and link in email.alternatives[0][0]


# --- heart-rate load on the trends page ---------------------------------------------------------------------


def test_trends_show_the_heart_rate_load_beside_the_session_rpe_load_only_for_days_with_one(people) -> None:
    athlete = people.athlete
    me = signed_in(athlete.user)
    assert "Heart-rate load" not in text_of(me.get(f"/athletes/{athlete.pk}/trends/"))  # none yet: no chart
    day = local_today(athlete) - dt.timedelta(days=2)
    send(me, athlete, ("run.fit", fit_file(a_run(athlete, day, minutes=40), Sport.RUNNING)))
    workout = WorkoutLog.objects.get(athlete=athlete)
    typed = local_today(athlete) - dt.timedelta(days=1)
    WorkoutFactory(athlete=athlete, date=typed, modality="", minutes=30, rpe=4)  # no heart rate: not in the table

    response = me.get(f"/athletes/{athlete.pk}/trends/")

    body, text = response.content.decode(), text_of(response)
    assert 'class="pygal-chart chart-heartrate"' in body
    assert "Heart-rate load (Banister TRIMP), last 28 days." in text
    assert "Banister's training impulse (Banister, 1991)" in text
    figure = body[body.index('class="pygal-chart chart-heartrate"') :]
    figure = figure[: figure.index("</figure>")]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td>[^<]*</td>)+)</tr>", figure)
    assert rows == [
        (
            day.isoformat(),
            f"<td>{workout.trimp:.1f}</td><td>{workout.trimp_edwards:.1f}</td>"
            "<td>0 AU (1 workout waits for the RPE)</td>",
        )
    ]  # only the day with a heart rate; the typed-in workout's day is not there


# --- who may -----------------------------------------------------------------------------------------------


def test_who_may_upload_see_an_upload_and_give_an_rpe(people) -> None:
    athlete, other = people.athlete, people.other
    day = local_today(athlete) - dt.timedelta(days=1)
    run = fit_file(a_run(athlete, day), Sport.RUNNING)
    by_coach = send(signed_in(people.coach), athlete, ("run.fit", run))  # their coach may, on their behalf
    assert "Imported as an unplanned 30 min run" in text_of(by_coach)
    workout = WorkoutLog.objects.get(athlete=athlete)
    batch = WorkoutUpload.objects.get(athlete=athlete).batch
    for stranger in (other.user, people.other_coach):
        client = signed_in(stranger)
        assert send(client, athlete, ("run.fit", run), follow=False).status_code == 404
        assert client.get(f"/athletes/{athlete.pk}/workouts/uploads/{batch}/").status_code == 404
        assert (
            client.post(
                f"/athletes/{athlete.pk}/workouts/{workout.pk}/rpe/", {f"rpe-{workout.pk}-rpe": "5"}
            ).status_code
            == 404
        )
    # another athlete's own pages never show this athlete's upload or workout
    mine = signed_in(other.user)
    assert "run.fit" not in text_of(mine.get(f"/athletes/{other.pk}/workouts/uploads/{batch}/"))
    assert (
        mine.post(f"/athletes/{other.pk}/workouts/{workout.pk}/rpe/", {f"rpe-{workout.pk}-rpe": "5"}).status_code == 404
    )
    assert mine.get(f"/athletes/{other.pk}/workouts/uploads/{uuid.uuid4()}/").status_code == 200
    workout.refresh_from_db()
    assert workout.rpe is None
    anonymous = send(signed_in(athlete.user).__class__(), athlete, ("run.fit", run), follow=False)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
