"""Reads over the people registries: confirmed volunteer hours by person, team and community
(totals leave out deactivated volunteers and teams)."""

import datetime

from django.db.models import OuterRef, Q, Subquery, Sum

from gongzhi.community.models import OrgLink, Volunteer, VolunteerHours, VolunteerTeam
from gongzhi.core import clock
from gongzhi.core.subqueries import count_per_row


def with_link_count(organizations):
    """Each organisation's number of linked communities, as a subquery: counted for a list
    page's own rows, after the page is cut, with no grouping of the whole list."""
    return organizations.annotate(link_count=count_per_row(OrgLink.objects, "organization"))


def with_confirmed_hours(volunteers):
    """Each volunteer's confirmed hours, as a subquery: a list page sums them for its own rows
    only, after the page is cut, and its count needs no grouping."""
    hours = (
        VolunteerHours.objects.filter(volunteer=OuterRef("pk"), confirmed_at__isnull=False)
        .order_by()
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return volunteers.annotate(confirmed_hours=Subquery(hours))


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


RECENT_ACTIVITY_DAYS = 90
SHOWN_ACTIVITIES = 50


def hours_activities(actor):
    """Every activity `actor` may log hours against (the hours form validates against these)."""
    activity = VolunteerHours._meta.get_field("activity").related_model  # a higher layer's model
    return activity.objects.visible_to(actor)


def activity_choices(actor, *, volunteer=None, search="", chosen=None, limit=SHOWN_ACTIVITIES):
    """The activities the hours form lists, newest first and at most `limit`: those titled like
    `search`, else those of the volunteer's community in the last 90 days; plus `chosen` (a pk)."""
    wanted = Q(pk__in=[chosen]) if str(chosen or "").isdigit() else Q(pk__in=[])
    if search.strip():
        wanted |= Q(title__icontains=search.strip())
    elif volunteer is not None:
        since = clock.now() - datetime.timedelta(days=RECENT_ACTIVITY_DAYS)
        wanted |= Q(starts_at__gte=since) & (Q(community=volunteer.unit) | Q(unit=volunteer.unit))
    return hours_activities(actor).filter(wanted).order_by("-starts_at", "-pk")[:limit]
