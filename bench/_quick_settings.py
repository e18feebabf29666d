"""The project's settings with a fast password hasher, for a quick run's set-up scripts only (bench/faults.py's
athletes): ten PBKDF2 hashes of 1,000,000 rounds are seconds of a set-up that must take few. No password is
checked in the benchmarks (they sign in with tokens), and the servers they measure keep the project's settings."""

from trainer.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
