"""Writes of evaluation: the scoring table (the default, or an import replacing it), the rounds,
each stage's scores, the steps of the review chain, concluding, reopening and evidence.

Every write checks the actor, validates whole, runs in one transaction and is audited."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.evidence import evidence_kind
from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS, UnitKind
from gongzhi.core.permissions import require_perm
from gongzhi.core.review import ReviewState
from gongzhi.core.roles import Perm
from gongzhi.evaluation.chain import FLOW, OFFICE, SELF, STREET, THIRD, stage_kind
from gongzhi.evaluation.document import clean_document, document_of
from gongzhi.evaluation.models import (
    REOPEN,
    Category,
    EvidenceLink,
    Item,
    ItemScore,
    Round,
    RoundEvent,
    ScoringTable,
)
from gongzhi.evaluation.prefill import prefills
from gongzhi.evaluation.scoring import weighted
from gongzhi.evaluation.sheet import round_totals
from gongzhi.orgs.models import Unit

# Which columns of ItemScore each stage writes: (points, reason).
COLUMNS = {
    SELF: ("self_points", "self_note"),
    STREET: ("street_points", "street_reason"),
    THIRD: ("third_points", "third_reason"),
    OFFICE: ("final_points", "final_reason"),
}


# --- the scoring table ---------------------------------------------------------------------------


def current_table(program) -> ScoringTable | None:
    return ScoringTable.objects.filter(program=program).order_by("-version").first()


def _write_items(table, document) -> None:
    for order, category in enumerate(document["categories"]):
        stored = Category.objects.create(table=table, order=order, name=category["name"])
        Item.objects.bulk_create(
            Item(category=stored, order=number, **item)
            for number, item in enumerate(category["items"])
        )


def _settings(document) -> dict:
    weights = document["weights"]
    return {
        "name": document["name"],
        "is_default": document["is_default"],
        "notes": document["notes"],
        "bonus_cap": document["bonus_cap"],
        "weight_self": weights["self"],
        "weight_street": weights["street"],
        "weight_third": weights["third"],
        "grade_bands": [[name, str(lowest)] for name, lowest in document["bands"]],
        "veto_grade": document["veto_grade"],
    }


def table_save(*, actor, program, document: dict) -> ScoringTable:
    """Make `document` the program's scoring table. A table no round uses yet is replaced in
    place; once rounds use it, it is kept for them and the document becomes a new version,
    which new rounds use (scores already given stay meaningful)."""
    document, problems = clean_document(document)
    if problems:
        raise ValidationError(problems)
    if actor is not None:
        require_perm(actor, Perm.MANAGE_PROGRAMS, program.region)
    with transaction.atomic():
        table = current_table(program)
        before = snapshot(table) if table else None
        if table is not None and not table.rounds.exists():
            table.categories.all().delete()
            for name, value in _settings(document).items():
                setattr(table, name, value)
            table.created_by = actor
            table.save()
        else:
            version = table.version + 1 if table else 1
            table = ScoringTable.objects.create(
                program=program, version=version, created_by=actor, **_settings(document)
            )
        _write_items(table, document)
        audit_record(
            actor=actor,
            action=Action.UPDATE if before else Action.CREATE,
            obj=table,
            before=before,
            after=snapshot(table),
            message=_("评分表：%(n)d 个评分项")
            % {"n": sum(len(c["items"]) for c in document["categories"])},
        )
    return table


def same_document(table, document) -> bool:
    return document_of(table) == clean_document(document)[0]


# --- rounds --------------------------------------------------------------------------------------


def _street_of(unit) -> Unit | None:
    parent = Unit.objects.parent_of(unit)
    return parent if parent is not None and parent.kind in STREET_KINDS else None


def round_create(*, actor, program, unit, third_party=None) -> Round:
    """The office opens a community's (or street's) round with the program's current table and
    the third party that will score it; items the records can score are pre-filled."""
    require_perm(actor, Perm.MANAGE_PROGRAMS, program.region)
    if unit.kind not in COMMUNITY_KINDS | STREET_KINDS:
        raise ValidationError({"unit": _("只能为社区或街道（镇）开展考核评估。")})
    if third_party is not None and third_party.kind != UnitKind.THIRD_PARTY:
        raise ValidationError({"third_party": _("须选择第三方机构。")})
    table = current_table(program)
    if table is None:
        raise ValidationError(_("本项目还没有评分表，请先导入评分表。"))
    if Round.objects.filter(program=program, unit=unit).exists():
        raise ValidationError({"unit": _("该单位已有本项目的考核评估。")})
    street = _street_of(unit) if unit.kind in COMMUNITY_KINDS else None
    with transaction.atomic():
        round = Round.objects.create(
            program=program,
            table=table,
            unit=unit,
            street=street,
            third_party=third_party,
            created_by=actor,
        )
        items = Item.objects.filter(category__table=table)
        ItemScore.objects.bulk_create(ItemScore(round=round, item=item) for item in items)
        _refresh_prefill(round)
        audit_record(actor=actor, action=Action.CREATE, obj=round, after=snapshot(round))
    return round


def _refresh_prefill(round) -> None:
    scores = list(round.scores.select_related("item"))
    found = prefills([score.item for score in scores], round.program, round.unit)
    for score in scores:
        points, basis = found.get(score.item_id, (None, ""))
        score.prefill, score.prefill_basis = points, basis
        if score.self_points is None and points is not None:
            score.self_points = points
    ItemScore.objects.bulk_update(scores, ["prefill", "prefill_basis", "self_points"])


def _locked(round) -> Round:
    return (
        Round.objects.select_for_update(of=("self",))
        .select_related("program__office_unit", "unit", "street", "third_party", "table")
        .get(pk=round.pk)
    )


def prefill_refresh(*, actor, round) -> Round:
    """Measure the records again (while the unit is still assessing itself)."""
    with transaction.atomic():
        round = _locked(round)
        if not FLOW.may_edit(actor, round):
            raise PermissionDenied(_("只有被评单位在自评时可以重新预填。"))
        _refresh_prefill(round)
        audit_record(actor=actor, action=Action.UPDATE, obj=round, message=_("重新预填系统数据"))
    return round


def scoring_stage(user, round) -> str | None:
    """The stage whose scores `user` may enter now, or None."""
    if FLOW.may_edit(user, round):
        return SELF
    if FLOW.may_review(user, round):
        return stage_kind(round, FLOW.current_reviewer(round))
    return None


def _check_entry(score, stage, points, reason) -> str:
    item, reason = score.item, reason.strip()
    where = f"{item.code} {item.name}"
    if points is None:
        return reason
    if points < 0 or (not item.is_veto and points > item.points):
        raise ValidationError(
            _("%(item)s：得分须在 0 到 %(points)s 之间。") % {"item": where, "points": item.points}
        )
    if item.is_veto and points not in (0, 1):
        raise ValidationError(_("%(item)s：否决项只能选“是”或“否”。") % {"item": where})
    if stage == SELF and score.prefill is not None and points != score.prefill and not reason:
        raise ValidationError(
            _("%(item)s：自评得分与系统预填（%(prefill)s）不同，须写明理由。")
            % {"item": where, "prefill": score.prefill}
        )
    if stage != SELF and not reason:
        earlier = _earlier_score(score, stage)
        if earlier is not None and points != earlier:
            raise ValidationError(
                _("%(item)s：得分与上一环节（%(earlier)s）不同，须写明理由。")
                % {"item": where, "earlier": earlier}
            )
    return reason


def _earlier_score(score, stage) -> Decimal | None:
    if stage == OFFICE:
        return formula_score(score)
    order = [SELF, STREET, THIRD]
    for earlier in reversed(order[: order.index(stage)]):
        value = getattr(score, COLUMNS[earlier][0])
        if value is not None:
            return value
    return None


def formula_score(score) -> Decimal | None:
    """The office's score by the table's formula from the stages' scores."""
    table = score.round.table
    return weighted(
        {
            "self": score.self_points,
            "street": score.street_points,
            "third": score.third_points,
        },
        table.weights,
        veto=score.item.is_veto,
    )


def scores_save(*, actor, round, entries: dict) -> Round:
    """Save the actor's stage's scores: `entries` is {item id: (points or None, reason)}; a
    score differing from the pre-fill (self) or the stage before needs a reason."""
    with transaction.atomic():
        round = _locked(round)
        stage = scoring_stage(actor, round)
        if stage is None:
            raise PermissionDenied(_("当前环节不由您评分，或评估已锁定。"))
        _write_scores(actor, round, stage, entries)
    return round


def _write_scores(actor, round, stage, entries) -> None:
    points_column, reason_column = COLUMNS[stage]
    scores = {s.item_id: s for s in round.scores.select_related("item", "round__table")}
    problems, changed = [], []
    for item_id, (points, reason) in entries.items():
        score = scores.get(int(item_id))
        if score is None:
            continue
        try:
            reason = _check_entry(score, stage, points, reason)
        except ValidationError as error:
            problems += error.messages
            continue
        before = (getattr(score, points_column), getattr(score, reason_column))
        if before != (points, reason):
            setattr(score, points_column, points)
            setattr(score, reason_column, reason)
            changed.append((score, before))
    if problems:
        raise ValidationError(problems)
    ItemScore.objects.bulk_update(
        [score for score, _before in changed], [points_column, reason_column]
    )
    if round.author_id is None and stage == SELF:
        round.author = actor
        round.save(update_fields=["author", "updated_at"])
    for score, before in changed:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=round,
            before={points_column: str(before[0]), reason_column: before[1]},
            after={
                points_column: str(getattr(score, points_column)),
                reason_column: getattr(score, reason_column),
            },
            message=f"{score.item.code} {score.item.name}",
        )


def _missing(round, column) -> list[str]:
    return [
        f"{score.item.code} {score.item.name}"
        for score in round.scores.select_related("item").filter(**{f"{column}__isnull": True})
        if not score.item.is_veto and score.item.kind == Item.Kind.BASIC
    ]


def _require_complete(round, stage) -> None:
    missing = _missing(round, COLUMNS[stage][0])
    if missing:
        raise ValidationError(_("以下评分项尚未评分：%(items)s") % {"items": "、".join(missing)})


def round_submit(*, actor, round) -> Round:
    """The unit submits its self-assessment to the street (or straight on to the third party)."""
    with transaction.atomic():
        round = _locked(round)
        if not FLOW.may_edit(actor, round):
            raise PermissionDenied(_("您不能提交该评估。"))
        _require_complete(round, SELF)
        round.author = round.author or actor
        FLOW.submit(round, actor)
    return round


def round_approve(*, actor, round, comment: str = "") -> Round:
    """The stage passes the round on; at the office, concluding it: the final scores missing
    are taken from the formula, the totals and grade stored, and the round locks."""
    with transaction.atomic():
        round = _locked(round)
        FLOW.check_reviewer(round, actor)
        stage = stage_kind(round, FLOW.current_reviewer(round))
        if stage == OFFICE:
            _conclude(round)
        else:
            _require_complete(round, stage)
        FLOW.approve(round, actor, comment)
    return round


def _conclude(round) -> None:
    scores = list(round.scores.select_related("item", "round__table"))
    for score in scores:
        if score.final_points is None:
            score.final_points = formula_score(score)
            score.final_reason = score.final_reason or _("按公式计算")
    ItemScore.objects.bulk_update(scores, ["final_points", "final_reason"])
    result = round_totals(round, "final")
    round.total, round.grade = result.total, result.grade


def round_return(*, actor, round, comment: str) -> Round:
    """Send the round back to the assessed unit; a comment saying why is required."""
    with transaction.atomic():
        round = _locked(round)
        FLOW.send_back(round, actor, comment)
    return round


def may_reopen(user, round) -> bool:
    return round.state == ReviewState.APPROVED and access_for(user).sits_in(
        round.program.office_unit, Perm.MANAGE_PROGRAMS
    )


def round_reopen(*, actor, round, reason: str) -> Round:
    """The office reopens a concluded round, saying why: it waits at the office's stage again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("重新打开须填写理由。")})
    with transaction.atomic():
        round = _locked(round)
        if not may_reopen(actor, round):
            raise PermissionDenied(_("只有工作组办公室可以重新打开已办结的评估。"))
        before = snapshot(round)
        last = FLOW.stages_of(round).order_by("-position").first()
        round.state, round.stage = ReviewState.PENDING, last.position
        round.approved_at, round.total, round.grade = None, None, ""
        round.save()
        RoundEvent.objects.create(
            round=round,
            action=REOPEN,
            actor=actor,
            actor_unit=round.program.office_unit,
            from_state=ReviewState.APPROVED,
            to_state=ReviewState.PENDING,
            stage=last.position,
            comment=reason,
        )
        audit_record(
            actor=actor,
            action=Action.TRANSITION,
            obj=round,
            before=before,
            after=snapshot(round),
            message=_("重新打开：%(reason)s") % {"reason": reason},
        )
    return round


# --- evidence ------------------------------------------------------------------------------------


def evidence_add(*, actor, score, kind: str, object_id: int) -> EvidenceLink:
    """Cite a record the actor can see as evidence for an item of the unit's self-assessment."""
    found = evidence_kind(kind)
    if found is None:
        raise ValidationError({"kind": _("未知的证据类型。")})
    with transaction.atomic():
        round = _locked(score.round)
        if not FLOW.may_edit(actor, round):
            raise PermissionDenied(_("只有被评单位在自评时可以添加佐证材料。"))
        record = found.visible(actor).filter(pk=object_id).first()
        if record is None:
            raise ValidationError({"object_id": _("找不到这条记录，或您无权查看。")})
        if score.evidence.filter(kind=kind, object_id=object_id).exists():
            raise ValidationError({"object_id": _("这条记录已是该评分项的佐证材料。")})
        link = EvidenceLink.objects.create(
            score=score, kind=kind, object_id=object_id, label=str(record)[:300], added_by=actor
        )
        audit_record(actor=actor, action=Action.CREATE, obj=link, after=snapshot(link))
    return link


def evidence_remove(*, actor, link) -> None:
    with transaction.atomic():
        round = _locked(link.score.round)
        if not FLOW.may_edit(actor, round):
            raise PermissionDenied(_("只有被评单位在自评时可以移除佐证材料。"))
        audit_record(actor=actor, action=Action.DELETE, obj=link, before=snapshot(link))
        link.delete()


def table_default(program) -> ScoringTable:
    """The program's table, the default one written if it has none yet (load_demo)."""
    from gongzhi.evaluation.defaults import DEFAULT_DOCUMENT

    return current_table(program) or table_save(
        actor=None, program=program, document=DEFAULT_DOCUMENT
    )
