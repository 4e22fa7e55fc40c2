"""The review chain: who reviews a unit's report, stage by stage, and who may report.

A community's report goes to its street, then to the program office; any other unit's report
goes to the program office. The office is the program's `office_unit` (data, not code). The
chain is worked out once, when the report is submitted, and stored as its ReviewStage rows;
deciding (who reviews now) and filtering (what awaits me) both read those rows, through the
shared review flow (gongzhi.core.review) that other reviewed records use too.

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

from gongzhi.core.access import access_for
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.review import ReviewFlow
from gongzhi.core.roles import Perm
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


def _notify():
    from gongzhi.progress import notify  # notify reads the chain: imported when a step is taken

    return notify


FLOW = ReviewFlow(
    model=Report,
    stage_model=ReviewStage,
    event_model=ReviewEvent,
    link="report",
    writer_perm=Perm.REPORT_PROGRESS,
    reviewer_perm=Perm.REVIEW_PROGRESS,
    writing_unit=lambda report: report.unit,
    writing_unit_field="unit_id",
    chain=lambda report: chain_for(report.task, report.unit),
    submitted=lambda report: _notify().review_needed(report),
    approved=lambda report: _notify().report_approved(report),
    returned=lambda report, comment: _notify().report_returned(report, comment),
)

# The chain's reading and deciding, as the shared flow does them (gongzhi.core.review).
store_chain = FLOW.store_chain
stored_chain = FLOW.stored_chain
current_reviewer = FLOW.current_reviewer
review_refusal = FLOW.refusal
sits_at_stage = FLOW.sits_at_stage
may_review = FLOW.may_review
may_edit = FLOW.may_edit
awaiting_review_filter = FLOW.awaiting_filter


def reporting_units(task, user) -> list[Unit]:
    """The task's responsible units this user may report for (seated there, with the role)."""
    access = access_for(user)
    return [
        assignment.unit
        for assignment in task.assignments.select_related("unit")
        if access.sits_in(assignment.unit, Perm.REPORT_PROGRESS)
    ]
