"""The review chain of a third party's report: the street of the project's buyer does the
preliminary review, the program office accepts (see gongzhi.core.review)."""

from gongzhi.core.kinds import STREET_KINDS
from gongzhi.core.review import ReviewFlow
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.supervision.models import (
    SupervisionReport,
    SupervisionReviewEvent,
    SupervisionReviewStage,
)


def street_of(unit) -> Unit | None:
    """The buyer itself when a street bought the project, else the community's street."""
    if unit.kind in STREET_KINDS:
        return unit
    parent = Unit.objects.parent_of(unit)
    return parent if parent is not None and parent.kind in STREET_KINDS else None


def chain_for(report) -> list[Unit]:
    street = street_of(report.project.buyer)
    stages = [street] if street is not None else []
    return [*stages, report.project.program.office_unit]


FLOW = ReviewFlow(
    model=SupervisionReport,
    stage_model=SupervisionReviewStage,
    event_model=SupervisionReviewEvent,
    link="report",
    writer_perm=Perm.SUPERVISE,
    reviewer_perm=Perm.REVIEW_SUPERVISION,
    writing_unit=lambda report: report.third_party,
    writing_unit_field="third_party_id",
    chain=chain_for,
)
