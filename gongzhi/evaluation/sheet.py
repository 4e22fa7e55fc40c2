"""A round's score sheet: one row per item with every stage's score and reason, and the totals
and grade of each stage. The round's page, its Excel and printable sheets, and the summary
report and archive all read it from here (`score_sheet`)."""

from dataclasses import dataclass, field
from decimal import Decimal

from gongzhi.evaluation.scoring import Line, Totals, totals

STAGES = ("self", "street", "third", "final")
POINTS = {
    "self": "self_points",
    "street": "street_points",
    "third": "third_points",
    "final": "final_points",
}
REASONS = {
    "self": "self_note",
    "street": "street_reason",
    "third": "third_reason",
    "final": "final_reason",
}


@dataclass
class SheetRow:
    category: str
    code: str
    item: str
    kind: str  # basic / bonus / veto
    kind_label: str
    method: str
    criteria: str
    points: Decimal
    prefill: Decimal | None
    prefill_basis: str
    scores: dict  # stage → Decimal or None (a veto: 1 applies, 0 not)
    reasons: dict  # stage → str
    evidence: list = field(default_factory=list)  # labels of the cited records
    score_id: int = 0
    item_id: int = 0


@dataclass
class ScoreSheet:
    round: object
    rows: list
    totals: dict  # stage → scoring.Totals

    @property
    def final(self) -> Totals:
        return self.totals["final"]


def _lines(scores, stage):
    return [Line(s.item.kind, s.item.points, getattr(s, POINTS[stage])) for s in scores]


def _totals_of(table, scores, stage) -> Totals:
    return totals(
        _lines(scores, stage),
        bonus_cap=table.bonus_cap,
        bands=table.grade_bands,
        veto_grade=table.veto_grade,
    )


def _scores(round):
    return list(
        round.scores.select_related("item__category").order_by(
            "item__category__order", "item__order"
        )
    )


def round_totals(round, stage: str = "final") -> Totals:
    return _totals_of(round.table, _scores(round), stage)


def score_sheet(round, *, with_evidence: bool = True) -> ScoreSheet:
    """The sheet of `round` (read it only for a user allowed to see the round). A fixed number
    of queries whatever the number of items."""
    scores = _scores(round)
    evidence: dict[int, list] = {}
    if with_evidence:
        from gongzhi.evaluation.models import EvidenceLink

        for link in EvidenceLink.objects.filter(score__round=round).order_by("pk"):
            evidence.setdefault(link.score_id, []).append(link)
    rows = [
        SheetRow(
            category=score.item.category.name,
            code=score.item.code,
            item=score.item.name,
            kind=score.item.kind,
            kind_label=score.item.get_kind_display(),
            method=score.item.get_method_display(),
            criteria=score.item.criteria,
            points=score.item.points,
            prefill=score.prefill,
            prefill_basis=score.prefill_basis,
            scores={stage: getattr(score, POINTS[stage]) for stage in STAGES},
            reasons={stage: getattr(score, REASONS[stage]) for stage in STAGES},
            evidence=evidence.get(score.pk, []),
            score_id=score.pk,
            item_id=score.item_id,
        )
        for score in scores
    ]
    table = round.table
    return ScoreSheet(round, rows, {stage: _totals_of(table, scores, stage) for stage in STAGES})


ENTRY_STAGE = {"self": "self", "street": "street", "third": "third", "office": "final"}
EARLIER = {"self": (), "street": ("self",), "third": ("street", "self"), "final": ()}


def suggested(row: SheetRow, stage: str, weights: dict) -> Decimal | None:
    """What the scoring field of `stage` starts with: its own score, else the pre-fill (self),
    the stage before (street, third party) or the formula (the office)."""
    if row.scores[stage] is not None:
        return row.scores[stage]
    if stage == "self":
        return row.prefill
    if stage == "final":
        from gongzhi.evaluation.scoring import weighted

        stages = {key: row.scores[key] for key in ("self", "street", "third")}
        return weighted(stages, weights, veto=row.kind == "veto")
    return next((row.scores[e] for e in EARLIER[stage] if row.scores[e] is not None), None)
