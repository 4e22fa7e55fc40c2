"""The review chain: who reviews a unit's report, stage by stage, and who may report.

A community's report goes to its street, then to the program office; any other unit's report
goes to the program office. The office is the program's `office_unit` (data, not code).
"""

from django.db.models import Q

from gongzhi.core.access import access_for
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import ROLE_SPECS, Perm
from gongzhi.orgs.models import Unit


def review_chain(task, unit: Unit) -> list[Unit]:
    """The reviewing units for `unit`'s report on `task`, first stage first."""
    stages = []
    if unit.kind in COMMUNITY_KINDS:
        street = Unit.objects.parent_of(unit)
        if street is not None:
            stages.append(street)
    stages.append(task.program.office_unit)
    return stages


def reporting_units(task, user) -> list[Unit]:
    """The task's responsible units this user may report for (seated there, with the role)."""
    access = access_for(user)
    return [
        assignment.unit
        for assignment in task.assignments.select_related("unit")
        if access.sits_in(assignment.unit, Perm.REPORT_PROGRESS)
    ]


def current_reviewer(report) -> Unit | None:
    if report.state != report.State.PENDING:
        return None
    chain = review_chain(report.task, report.unit)
    return chain[report.stage] if report.stage < len(chain) else None


def may_review(user, report) -> bool:
    reviewer = current_reviewer(report)
    return reviewer is not None and access_for(user).sits_in(reviewer, Perm.REVIEW_PROGRESS)


def may_edit(user, report) -> bool:
    return report.is_editable and access_for(user).sits_in(report.unit, Perm.REPORT_PROGRESS)


def awaiting_review_filter(user):
    """A Q over Report selecting pending reports whose current stage is one of the user's seats.
    Mirrors `review_chain` in query form: community reports stop at their street (stage 0), then
    at the office (stage 1); other units' reports go to the office at stage 0."""
    condition = Q(pk__in=[])
    community = Q(unit__kind__in=COMMUNITY_KINDS)
    for grant in access_for(user).grants:
        if Perm.REVIEW_PROGRESS not in ROLE_SPECS[grant.role].perms:
            continue
        at_street = community & Q(stage=0, unit__path__startswith=grant.unit_path)
        at_office = Q(task__program__office_unit_id=grant.unit_id) & (
            (community & Q(stage=1)) | (~community & Q(stage=0))
        )
        condition |= at_street | at_office
    return Q(state="pending") & condition
