"""What plans tell the apps above them, without importing them (docs/design.md §1)."""

from django.dispatch import Signal

# Sent once a published week (new or edited) is committed, with `plan`: its session reminders move.
week_published = Signal()
