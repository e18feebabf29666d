"""Reminder benchmarks: `python bench/reminders.py`.

On a throwaway database on the configured server (DATABASE_URL, or SQLite under var/), never the real one:
- sweep time with 1,000 due schedules among 10,000 athletes, then among 100,000 (issue 6): the ratio shows
  that the sweep's cost follows what is due, not how many athletes exist;
- emails per second from one Celery worker on the real broker to a local SMTP server (aiosmtpd, in a process of
  its own), published in batches as the sweep publishes them, against a plain `smtplib` loop sending the same
  messages, rendered beforehand, over one connection: the ratio is our efficiency (issue 16: at least 0.7). Both
  are warm, and each is the best of three rounds taken in turn.
`make bench` prints each figure with its ratio to the reference below (over 1 beats it).
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import socket
import subprocess  # nosec B404: the bench's own SMTP server
import sys
import threading
import time
from pathlib import Path

# run as a script, bench/ would come first on sys.path; the project root must be there instead
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")
os.environ.setdefault("TRAINER_INSECURE_DEV_KEY", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench._quick import QUICK, copy_migrated_sqlite  # noqa: E402
from people.models import AthleteProfile, Role, User  # noqa: E402
from reminders import content, emails, services  # noqa: E402
from reminders.models import Delivery, DeliveryStatus, ReminderSchedule  # noqa: E402
from reminders.selectors import preference_of  # noqa: E402

# BENCH_QUICK=1 (bench/run_all.py --quick): a tenth of each size, on a SQLite database copied already migrated.
SCALE = 10 if QUICK else 1
DUE = 1_000 // SCALE
SMALL, LARGE = 10_000 // SCALE, 100_000 // SCALE
EMAILS = 500 // SCALE
WARM_UP = 10
ROUNDS = 3
NOW = dt.datetime(2026, 6, 10, 18, 0, tzinfo=dt.UTC)  # 20:00 in Berlin: the check-in slot
FAR = NOW + dt.timedelta(days=365)
# References: what the product needs, not what a machine happens to do.
REFERENCE = {
    "sweep_ratio": 1.5,  # the 100,000-athlete sweep may cost at most 1.5 x the 10,000-athlete one (lower is better)
    "sweep_s": 5.0,  # 1,000 due reminders turned into outbox rows well within beat's minute
    "worker_emails_per_s": 50.0,
    # A raw smtplib loop sends pre-built bytes over one session; each reminder also pays its claim and finish,
    # two templates and the MIME building. Issue 16's goal: 0.7 of the raw rate.
    "efficiency": 0.7,
}


def _add_athletes(count: int, start: int) -> list[int]:
    """`count` athletes with a check-in schedule parked far ahead (bulk inserts: no signals)."""
    users = User.objects.bulk_create(
        (User(email=f"bench-{start + i}@example.org", role=Role.ATHLETE, password="x") for i in range(count)),
        batch_size=2_000,
    )
    AthleteProfile.objects.bulk_create(
        (
            AthleteProfile(
                user=u, birth_date=dt.date(1990, 1, 1), sex="female", mass_kg=60, time_zone="Europe/Berlin",
                calendar_token=f"bench-{u.pk}",
            )
            for u in users
        ),
        batch_size=2_000,
    )  # fmt: skip
    ReminderSchedule.objects.bulk_create(
        (ReminderSchedule(user=u, kind="checkin", next_due_at=FAR) for u in users), batch_size=2_000
    )
    return [u.pk for u in users]


def _settle() -> None:
    """Flush the bulk writes of the set-up (SQLite's WAL checkpoint) so the sweep is not charged for them."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE reminders_reminderschedule")


def _sweep_due(user_ids: list[int], rounds: int = 3) -> tuple[float, int]:
    """The best of `rounds` sweeps of the same due rows (each from a clean outbox)."""
    best, count = float("inf"), 0
    for _ in range(rounds):
        Delivery.objects.all().delete()
        ReminderSchedule.objects.update(next_due_at=FAR)
        ReminderSchedule.objects.filter(user_id__in=user_ids).update(next_due_at=NOW)
        _settle()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = services.sweep(NOW, publish=False)
        best = min(best, time.perf_counter() - start)
        count = len(queries.captured_queries)
        assert len(result.created) == len(user_ids), result.as_dict()
    return best, count


def bench_sweep() -> dict[str, float]:
    small = _add_athletes(SMALL, 0)
    small_s, small_q = _sweep_due(small[-DUE:])
    large = _add_athletes(LARGE - SMALL, SMALL)
    large_s, large_q = _sweep_due(large[-DUE:])
    return {
        "sweep_small_s": small_s,
        "sweep_large_s": large_s,
        "sweep_ratio": large_s / small_s,
        "sweep_small_queries": small_q,
        "sweep_large_queries": large_q,
    }


# The SMTP server runs in a process of its own, as a real one does: in the bench's process it would share a GIL
# with the side being measured, and each SMTP round trip would wait for a thread switch there. That cost falls on
# both sides alike but weighs most on the fast one (the smtplib reference then measured the GIL rather than the
# wire) and hides what the worker spends on top of SMTP.
_SMTP_SERVER = """
import logging, sys
from aiosmtpd.controller import Controller
logging.getLogger("mail.log").setLevel(logging.WARNING)
class Count:
    received = 0
    async def handle_DATA(self, server, session, envelope):
        Count.received += 1
        return "250 OK"
controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
for _ in sys.stdin:  # each line asks how many messages arrived
    print(Count.received, flush=True)
controller.stop()
"""


class _SmtpServer:
    """aiosmtpd on a free loopback port, in a child process; `received()` counts the messages it took."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(  # nosec B603: our interpreter and our code
            [sys.executable, "-c", _SMTP_SERVER, str(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def received(self) -> int:
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Sent:
    """Counts what the worker's send tasks report, and notes when the last email of a round was sent.

    The bench's thread waits on an event instead of polling the database: a poll would take the GIL from the
    worker thread (and a database read from its writes) while it is being timed."""

    def __init__(self) -> None:
        self.expected, self.sent, self.finished = 0, 0, 0.0
        self.done = threading.Event()

    def start(self, expected: int) -> None:
        self.expected, self.sent = expected, 0
        self.done.clear()

    def __call__(self, retval: object = None, **_: object) -> None:
        self.sent += retval.get("sent", 0) if isinstance(retval, dict) else 0
        if self.sent >= self.expected:
            self.finished = time.perf_counter()
            self.done.set()


def _worker_round(ids: list[int], sent: _Sent) -> float:
    from reminders.tasks import send_deliveries

    sent.start(len(ids))
    start = time.perf_counter()
    for first in range(0, len(ids), services.SEND_BATCH):  # as the sweep publishes them
        send_deliveries.delay(ids[first : first + services.SEND_BATCH])
    assert sent.done.wait(timeout=120), f"the worker sent {sent.sent} of {len(ids)}"
    elapsed = sent.finished - start
    assert Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENT).count() == len(ids)
    return elapsed


def _smtplib_round(prepared: list[tuple[str, list[str], bytes]], port: int) -> float:
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for sender, to, data in prepared:
            smtp.sendmail(sender, to, data)
    return time.perf_counter() - start


def _pending_again(ids: list[int]) -> None:
    Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, attempts=0, claimed_at=None, sent_at=None, last_error=""
    )


def bench_emails() -> dict[str, float]:
    from celery import signals
    from celery.contrib.testing.worker import start_worker

    from trainer.celery import app

    server, sent = _SmtpServer(), _Sent()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
    queue = f"bench-reminders-{os.getpid()}"
    app.conf.task_default_queue = queue
    signals.task_postrun.connect(sent, weak=False)
    try:
        users = list(User.objects.filter(role=Role.ATHLETE).select_related("athlete")[: EMAILS + WARM_UP])
        message = content.checkin("https://trainer.example/api/v1/athletes/1/checkins/")
        Delivery.objects.bulk_create(
            Delivery(recipient=u, athlete=u.athlete, kind="checkin", local_date=NOW.date(),
                     slot="bench" if i < EMAILS else "warm-up", subject=message.subject, context=message.context)
            for i, u in enumerate(users)
        )  # fmt: skip
        ids = list(Delivery.objects.filter(slot="bench").values_list("pk", flat=True))
        warm_up = list(Delivery.objects.filter(slot="warm-up").values_list("pk", flat=True))
        assert len(ids) == EMAILS and len(warm_up) == WARM_UP
        # The same messages, rendered beforehand, for smtplib: the floor of what SMTP costs.
        prepared = []
        for row in Delivery.objects.filter(pk__in=ids).select_related("recipient__athlete"):
            email = emails.delivery_message(row, preference_of(row.recipient))
            prepared.append((email.from_email, email.to, emails.wire_bytes(email)))
        worker_s, plain_s = [], []
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, queues=[queue]):
            # A worker is a long-lived process: its first task's imports (the URL conf, templates) are not the
            # cost of an email. The reference is warm too (its messages are built above).
            _worker_round(warm_up, sent)
            for _ in range(ROUNDS):  # interleaved, best of each: the machine is shared and noisy
                _pending_again(ids)
                worker_s.append(_worker_round(ids, sent))
                plain_s.append(_smtplib_round(prepared, server.port))
        assert server.received() == WARM_UP + ROUNDS * 2 * EMAILS
    finally:
        signals.task_postrun.disconnect(sent)
        server.stop()
    worker_rate, plain_rate = EMAILS / min(worker_s), EMAILS / min(plain_s)
    return {
        "worker_emails_per_s": worker_rate,
        "smtplib_emails_per_s": plain_rate,
        "efficiency": worker_rate / plain_rate,
    }


def measure() -> dict[str, float]:
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    vendor = connection.vendor
    test_settings["NAME"] = (
        str(settings.VAR_DIR / "bench-reminders.sqlite3") if vendor == "sqlite" else "test_bench_reminders"
    )
    original_name = settings.DATABASES["default"]["NAME"]
    # bench/run_all.py --quick: a SQLite copy already migrated (bench/_quick.py), which keepdb keeps and migrates
    # (nothing left to do) instead of building the database again.
    copied = QUICK and vendor == "sqlite"
    if copied:
        copy_migrated_sqlite(Path(test_settings["NAME"]))
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=copied)
    try:
        return bench_sweep() | bench_emails()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def main() -> list[tuple[str, float, float, bool]]:
    """Rows for `make bench` (bench/run_all.py): figure, value, reference, higher is better."""
    r = measure()
    vendor = connection.vendor
    return [
        (f"sweep, {DUE:,} due among {SMALL:,} athletes, s ({vendor})", r["sweep_small_s"], REFERENCE["sweep_s"], False),
        (f"sweep, {DUE:,} due among {LARGE:,} athletes, s ({vendor})", r["sweep_large_s"], REFERENCE["sweep_s"], False),
        (f"sweep time ratio, {LARGE:,} / {SMALL:,} athletes", r["sweep_ratio"], REFERENCE["sweep_ratio"], False),
        (f"sweep queries, {SMALL:,} athletes", r["sweep_small_queries"], 0, False),
        (f"sweep queries, {LARGE:,} athletes", r["sweep_large_queries"], 0, False),
        ("emails/s, one worker to local SMTP", r["worker_emails_per_s"], REFERENCE["worker_emails_per_s"], True),
        ("emails/s, plain smtplib, one connection", r["smtplib_emails_per_s"], 0, True),
        ("efficiency, worker / smtplib", r["efficiency"], REFERENCE["efficiency"], True),
    ]


if __name__ == "__main__":
    for name, value, reference, higher_is_better in main():
        ratio = "" if not reference else f"{(value / reference if higher_is_better else reference / value):.2f}x"
        print(f"{name:55} {value:12.2f} {ratio}")
