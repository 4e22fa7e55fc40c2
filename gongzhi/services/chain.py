"""The review chain of an agency's report, as data: the buyer community confirms it and adds
its opinion, the street does the preliminary review, the program office accepts it. A project
bought by a street starts at the street. The chain is worked out at submission and stored (see
gongzhi.core.review); nobody decides a report of their own unit."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS
from gongzhi.core.review import ReviewFlow
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.services.models import ServiceReport, ServiceReviewEvent, ServiceReviewStage


def chain_for(report) -> list[Unit]:
    """Buyer community → its street → the program's office; never the agency itself."""
    project = report.project
    stages = []
    unit = project.buyer
    if unit.kind in COMMUNITY_KINDS:
        stages.append(unit)
        unit = Unit.objects.parent_of(unit)
    if unit is not None and unit.kind in STREET_KINDS:
        stages.append(unit)
    stages.append(project.program.office_unit)
    return [stage for stage in stages if stage.pk != project.agency_id]


def stage_label(unit) -> str:
    """What a stage does: a community confirms, a street reviews, the office accepts."""
    if unit.kind in COMMUNITY_KINDS:
        return _("社区确认")
    if unit.kind in STREET_KINDS:
        return _("街道初审")
    return _("验收")


def community_opinion_needed(report, unit) -> bool:
    """The community confirms a report by adding its opinion."""
    return unit.kind in COMMUNITY_KINDS


FLOW = ReviewFlow(
    model=ServiceReport,
    stage_model=ServiceReviewStage,
    event_model=ServiceReviewEvent,
    link="report",
    writer_perm=Perm.REPORT_SERVICES,
    reviewer_perm=Perm.REVIEW_SERVICES,
    writing_unit=lambda report: report.project.agency,
    writing_unit_field="project__agency_id",
    chain=chain_for,
    needs_comment=community_opinion_needed,
)
