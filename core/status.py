"""The traffic light of a recovery check: one enum and its words, read by the pure rules, the models, the
pages and the emails alike."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    UNKNOWN = "unknown"  # docs/api.md: too little data to judge, never shown as green


# The one place a status gets its word for people (issue 14); the RecoveryLevel choices of the models read it too.
STATUS_WORDS: dict[Status, str] = {
    Status.GREEN: "Green",
    Status.AMBER: "Amber",
    Status.RED: "Red",
    Status.UNKNOWN: "Unknown",
}
