"""Reads over the people registries: confirmed volunteer hours by person, team and community."""

from django.db.models import Q, Sum

from gongzhi.community.models import Volunteer, VolunteerHours, VolunteerTeam

CONFIRMED = Q(hours__confirmed_at__isnull=False)


def with_confirmed_hours(volunteers):
    return volunteers.annotate(confirmed_hours=Sum("hours__hours", filter=CONFIRMED))


def team_totals(user):
    return VolunteerTeam.objects.visible_to(user).annotate(
        confirmed_hours=Sum(
            "volunteer__hours__hours", filter=Q(volunteer__hours__confirmed_at__isnull=False)
        )
    )


def community_totals(user):
    """[(community name, confirmed hours)], for the communities the user reaches."""
    rows = (
        VolunteerHours.objects.visible_to(user)
        .confirmed()
        .values("volunteer__unit__name")
        .annotate(total=Sum("hours"))
        .order_by("volunteer__unit__name")
    )
    return [(row["volunteer__unit__name"], row["total"]) for row in rows]


def person_total(volunteer: Volunteer):
    return (
        with_confirmed_hours(Volunteer.objects.filter(pk=volunteer.pk)).get().confirmed_hours or 0
    )
