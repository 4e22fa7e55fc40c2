"""The review chain of an assessment round (gongzhi.core.review): the community's
self-assessment goes to its street, then to the third party assigned to the round, then to the
program office, which concludes it. A street's own round skips the street stage."""

from gongzhi.core.review import ReviewFlow
from gongzhi.core.roles import Perm
from gongzhi.evaluation.models import Round, RoundEvent, RoundStage

SELF, STREET, THIRD, OFFICE = "self", "street", "third", "office"


def chain_for(round) -> list:
    units = [round.street, round.third_party, round.program.office_unit]
    return [unit for unit in units if unit is not None]


def stage_kind(round, unit) -> str:
    """Which score a stage's unit gives: the street's, the third party's or the office's."""
    if unit.pk == round.program.office_unit_id:
        return OFFICE
    if round.third_party_id and unit.pk == round.third_party_id:
        return THIRD
    return STREET


FLOW = ReviewFlow(
    model=Round,
    stage_model=RoundStage,
    event_model=RoundEvent,
    link="round",
    writer_perm=Perm.SELF_ASSESS,
    reviewer_perm=Perm.SCORE_ROUNDS,
    writing_unit=lambda round: round.unit,
    writing_unit_field="unit_id",
    chain=chain_for,
)
