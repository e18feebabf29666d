"""factory_boy factories for the people of the product."""

from __future__ import annotations

from datetime import date

import factory

from trainer.models import AthleteProfile, CoachAthlete, Role, User

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    role = Role.ATHLETE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs) -> None:
        if create:
            obj.save()


class CoachFactory(UserFactory):
    email = factory.Sequence(lambda n: f"coach{n}@example.org")
    role = Role.COACH


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    role = Role.COACH
    is_staff = True
    is_superuser = True


class AthleteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AthleteProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.ATHLETE)
    birth_date = date(1994, 3, 14)
    sex = "female"
    mass_kg = 62.0
    time_zone = "Europe/Berlin"
    sport = "run"
    level = "intermediate"
    available_weekdays = factory.LazyFunction(lambda: list(range(7)))

    @factory.post_generation
    def coaches(obj, create, extracted, **kwargs) -> None:
        for coach in extracted or []:
            CoachAthlete.objects.create(coach=coach, athlete=obj)
