"""The review chain: who reviews a unit's report, stage by stage, and who may report.

A community's report goes to its street, then to the program office; any other unit's report
goes to the program office. The office is the program's `office_unit` (data, not code). The
chain is worked out once, when the report is submitted, and stored as its ReviewStage rows;
deciding (who reviews now) and filtering (what awaits me) both read those rows.

Separation of duties: nobody decides (approves or returns) a report of their own unit or one
they wrote or submitted.
- By unit, in the chain: no stage is the reporting unit itself. The one place the plain chain
  would put it there is the office's own report (the office unit leads or co-runs tasks, e.g.
  市民政局 leads Guanghan city tasks). Such a report goes instead to the working group's leading
  unit (组长所在单位, then a deputy's: 市委组织部 for Guanghan), the first member unit that is
  not the reporting unit; a program without such a group sends it to the program's region unit
  (the government above the office). A second user of the office is not enough: the same unit
  would still be judging its own claim.
- By person, when deciding: the author, whoever submitted it, and anyone holding a grant at the
  reporting unit may not decide it, even when they also hold a reviewing seat at the stage.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import ROLE_SPECS, Perm
from gongzhi.orgs.models import Unit
from gongzhi.progress.models import Report, ReviewEvent, ReviewStage


def chain_for(task, unit: Unit) -> list[Unit]:
    """The reviewing units for `unit`'s report on `task`, first stage first; never `unit`."""
    stages = []
    if unit.kind in COMMUNITY_KINDS:
        street = Unit.objects.parent_of(unit)
        if street is not None:
            stages.append(street)
    office = task.program.office_unit
    stages.append(office if office.pk != unit.pk else office_report_reviewer(task.program, unit))
    return [stage for stage in stages if stage.pk != unit.pk]


def office_report_reviewer(program, unit: Unit) -> Unit:
    """Who reviews the office unit's own report: the working group's leading unit (the leader's,
    then a deputy's, in the group's order) other than `unit`, else the program's region."""
    group = program.working_group
    if group is not None:
        members = group.members.select_related("unit").exclude(unit=unit)
        for duty in ("leader", "deputy"):
            member = next((m for m in members if m.duty == duty), None)
            if member is not None:
                return member.unit
    return program.region


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


def review_refusal(user, report) -> str | None:
    """Why `user` may not decide `report` whoever reviews it (separation of duties), or None."""
    if report.author_id == user.pk:
        return _("不能审核本人填报的上报，须由其他单位审核。")
    if any(grant.unit_id == report.unit_id for grant in access_for(user).grants):
        return _("不能审核本单位的上报，须由其他单位审核。")
    submitted = report.events.filter(action=ReviewEvent.Action.SUBMIT, actor=user)
    if report.pk and submitted.exists():
        return _("不能审核本人提交的上报，须由其他单位审核。")
    return None


def sits_at_stage(user, report) -> bool:
    """Whether the user holds a reviewing seat at the report's current stage."""
    reviewer = current_reviewer(report)
    return reviewer is not None and access_for(user).sits_in(reviewer, Perm.REVIEW_PROGRESS)


def may_review(user, report) -> bool:
    return sits_at_stage(user, report) and review_refusal(user, report) is None


def may_edit(user, report) -> bool:
    return report.is_editable and access_for(user).sits_in(report.unit, Perm.REPORT_PROGRESS)


def awaiting_review_filter(user) -> Q:
    """A Q over Report: pending reports whose current stage is one of the user's review seats,
    less those the user may not decide (see `review_refusal`)."""
    grants = access_for(user).grants
    seats = [
        grant.unit_id for grant in grants if Perm.REVIEW_PROGRESS in ROLE_SPECS[grant.role].perms
    ]
    at_my_seat = ReviewStage.objects.filter(
        report=OuterRef("pk"), position=OuterRef("stage"), unit_id__in=seats
    )
    submitted_by_me = ReviewEvent.objects.filter(
        report=OuterRef("pk"), action=ReviewEvent.Action.SUBMIT, actor_id=user.pk
    )
    own = Q(author_id=user.pk) | Q(unit_id__in=[grant.unit_id for grant in grants])
    return Q(state=Report.State.PENDING) & Exists(at_my_seat) & ~own & ~Exists(submitted_by_me)
