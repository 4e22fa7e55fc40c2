"""The review chain: who reviews a unit's report, stage by stage, and who may report.

A community's report goes to its street, then to the program office; any other unit's report
goes to the program office. The office is the program's `office_unit` (data, not code). The
chain is worked out once, when the report is submitted, and stored as its ReviewStage rows;
deciding (who reviews now) and filtering (what awaits me) both read those rows.
"""

from django.db.models import Exists, OuterRef, Q

from gongzhi.core.access import access_for
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import ROLE_SPECS, Perm
from gongzhi.orgs.models import Unit
from gongzhi.progress.models import Report, ReviewStage


def chain_for(task, unit: Unit) -> list[Unit]:
    """The reviewing units for `unit`'s report on `task`, first stage first."""
    stages = []
    if unit.kind in COMMUNITY_KINDS:
        street = Unit.objects.parent_of(unit)
        if street is not None:
            stages.append(street)
    stages.append(task.program.office_unit)
    return stages


def store_chain(report) -> list[ReviewStage]:
    """Write the chain the report is being submitted into (replacing an earlier submission's)."""
    report.review_stages.all().delete()
    return ReviewStage.objects.bulk_create(
        ReviewStage(report=report, position=position, unit=unit)
        for position, unit in enumerate(chain_for(report.task, report.unit))
    )


def stored_chain(report) -> list[Unit]:
    return [stage.unit for stage in report.review_stages.select_related("unit")]


def reporting_units(task, user) -> list[Unit]:
    """The task's responsible units this user may report for (seated there, with the role)."""
    access = access_for(user)
    return [
        assignment.unit
        for assignment in task.assignments.select_related("unit")
        if access.sits_in(assignment.unit, Perm.REPORT_PROGRESS)
    ]


def current_reviewer(report) -> Unit | None:
    if report.state != Report.State.PENDING:
        return None
    stage = report.review_stages.filter(position=report.stage).select_related("unit").first()
    return stage.unit if stage else None


def may_review(user, report) -> bool:
    reviewer = current_reviewer(report)
    return reviewer is not None and access_for(user).sits_in(reviewer, Perm.REVIEW_PROGRESS)


def may_edit(user, report) -> bool:
    return report.is_editable and access_for(user).sits_in(report.unit, Perm.REPORT_PROGRESS)


def awaiting_review_filter(user) -> Q:
    """A Q over Report: pending reports whose current stage is one of the user's review seats."""
    seats = [
        grant.unit_id
        for grant in access_for(user).grants
        if Perm.REVIEW_PROGRESS in ROLE_SPECS[grant.role].perms
    ]
    at_my_seat = ReviewStage.objects.filter(
        report=OuterRef("pk"), position=OuterRef("stage"), unit_id__in=seats
    )
    return Q(state=Report.State.PENDING) & Exists(at_my_seat)
