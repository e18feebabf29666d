"""What recovery tells the reminders above it: a day turned red (docs/design.md "Layout": nothing imports an app
above it). Its receiver of the logs' signal is recovery.services.check_after_log."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once red statuses are committed, with `reds`: (athlete, reasons as reason JSON, the local date) each.
turned_red = Signal()
