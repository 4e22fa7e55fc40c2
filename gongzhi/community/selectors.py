"""Reads over the people registries: confirmed volunteer hours by person, team and community
(totals leave out deactivated volunteers and teams)."""

from django.db.models import Q, Sum

from gongzhi.community.models import Volunteer, VolunteerHours, VolunteerTeam

CONFIRMED = Q(hours__confirmed_at__isnull=False)


def with_confirmed_hours(volunteers):
    return volunteers.annotate(confirmed_hours=Sum("hours__hours", filter=CONFIRMED))


def team_totals(user, *, volunteers):
    """The teams of these volunteers (e.g. one page of a list), each with its members' confirmed
    hours: as many rows as the volunteers' teams, whatever the number of teams the user reaches."""
    memberships = Volunteer.teams.through.objects.filter(volunteer_id__in=volunteers)
    counted = Q(
        volunteer__hours__confirmed_at__isnull=False, volunteer__deactivated_at__isnull=True
    )
    return (
        VolunteerTeam.objects.visible_to(user)
        .in_use()
        .filter(pk__in=memberships.values("volunteerteam_id"))
        .annotate(confirmed_hours=Sum("volunteer__hours__hours", filter=counted))
    )


def community_totals(user, *, units):
    """[(community name, confirmed hours)] for these communities (e.g. those of one page of a
    list), as far as the user reaches them."""
    rows = (
        VolunteerHours.objects.visible_to(user)
        .confirmed()
        .filter(volunteer__unit__in=units, volunteer__deactivated_at__isnull=True)
        .values("volunteer__unit", "volunteer__unit__name")
        .annotate(total=Sum("hours"))
        .order_by("volunteer__unit__name", "volunteer__unit")
    )
    return [(row["volunteer__unit__name"], row["total"]) for row in rows]


def person_total(volunteer: Volunteer):
    return (
        with_confirmed_hours(Volunteer.objects.filter(pk=volunteer.pk)).get().confirmed_hours or 0
    )
