"""A round through its stages: self-assessment with pre-fill and reasons, the street, the third
party and the office; send-back, conclusion and lock, reopening by the office only."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.evaluation import services
from gongzhi.evaluation.models import Item, ItemScore
from gongzhi.evaluation.sheet import score_sheet


@pytest.fixture
def round(table, program, tree, office):
    return services.round_create(
        actor=office, program=program, unit=tree.community_a1, third_party=tree.evaluator_a
    )


@pytest.fixture
def scorer(users):
    return users[Role.THIRD_PARTY]  # seated at evaluator_a


def _all(round, value=None, reason=""):
    """Entries giving every basic and bonus item `value` (its full points if None)."""
    entries = {}
    for score in round.scores.select_related("item"):
        item = score.item
        if item.kind == Item.Kind.VETO:
            entries[item.pk] = (D(0), reason)
        else:
            entries[item.pk] = (item.points if value is None else D(value), reason)
    return entries


def _complete(actor, round, value=None, reason="按标准"):
    services.scores_save(actor=actor, round=round, entries=_all(round, value, reason))


def test_the_chain_is_street_third_party_office(round, tree):
    assert round.street == tree.street_a
    from gongzhi.evaluation.chain import chain_for

    assert chain_for(round) == [tree.street_a, tree.evaluator_a, tree.civil]


def test_a_full_round_to_its_grade(round, community_user, street_user, scorer, office):
    _complete(community_user, round)
    services.round_submit(actor=community_user, round=round)
    round.refresh_from_db()
    assert round.state == "pending"
    with pytest.raises(PermissionDenied):
        services.scores_save(actor=community_user, round=round, entries={})
    services.scores_save(actor=street_user, round=round, entries=_all(round, 2, "核减"))
    services.round_approve(actor=street_user, round=round)
    services.scores_save(actor=scorer, round=round, entries=_all(round, 3, "实地查看"))
    services.round_approve(actor=scorer, round=round)
    services.round_approve(actor=office, round=round, comment="同意")
    round.refresh_from_db()
    assert round.state == "approved" and round.is_locked
    sheet = score_sheet(round)
    first = sheet.rows[0]  # 5 points: self 5, street 2, third 3 → 1 + 0.6 + 1.5
    assert first.scores["final"] == D("3.10") and first.reasons["final"] == "按公式计算"
    assert round.total == sheet.final.total and round.grade == sheet.final.grade
    with pytest.raises(PermissionDenied):
        services.scores_save(actor=office, round=round, entries={})


def test_a_self_score_differing_from_the_prefill_needs_a_reason(round, community_user):
    score = ItemScore.objects.filter(round=round, item__code="1.1").get()
    score.prefill = D(5)
    score.save()
    with pytest.raises(ValidationError, match="须写明理由"):
        services.scores_save(actor=community_user, round=round, entries={score.item_id: (D(3), "")})
    services.scores_save(
        actor=community_user, round=round, entries={score.item_id: (D(3), "少一项")}
    )
    score.refresh_from_db()
    assert (score.self_points, score.self_note) == (D(3), "少一项")


def test_a_score_above_the_item_points_is_refused(round, community_user):
    item = Item.objects.get(category__table=round.table, code="1.1")
    with pytest.raises(ValidationError, match="1.1"):
        services.scores_save(actor=community_user, round=round, entries={item.pk: (D(6), "x")})


def test_submitting_with_items_unscored_is_refused(round, community_user):
    with pytest.raises(ValidationError, match="尚未评分"):
        services.round_submit(actor=community_user, round=round)


def test_send_back_needs_a_comment_and_returns_to_the_community(round, community_user, street_user):
    _complete(community_user, round)
    services.round_submit(actor=community_user, round=round)
    with pytest.raises(ValidationError):
        services.round_return(actor=street_user, round=round, comment=" ")
    services.round_return(actor=street_user, round=round, comment="佐证不足")
    round.refresh_from_db()
    assert round.state == "returned"
    _complete(community_user, round, reason="已补充")
    services.round_submit(actor=community_user, round=round)
    round.refresh_from_db()
    assert round.state == "pending" and round.stage == 0


def test_only_the_stage_decides(round, community_user, street_user, scorer, users):
    _complete(community_user, round)
    services.round_submit(actor=community_user, round=round)
    with pytest.raises(PermissionDenied):
        services.round_approve(actor=scorer, round=round)  # the street's turn
    with pytest.raises(PermissionDenied):
        services.round_approve(actor=users[Role.CITY_DEPARTMENT], round=round)


def test_reopen_by_the_office_only_with_a_reason(
    round, community_user, street_user, scorer, office, tree
):
    _complete(community_user, round)
    services.round_submit(actor=community_user, round=round)
    for actor in (street_user, scorer):
        _complete(actor, round)
        services.round_approve(actor=actor, round=round)
    services.round_approve(actor=office, round=round)
    with pytest.raises(PermissionDenied):
        services.round_reopen(actor=street_user, round=round, reason="复核")
    with pytest.raises(ValidationError):
        services.round_reopen(actor=office, round=round, reason="")
    services.round_reopen(actor=office, round=round, reason="第三方复核发现问题")
    round.refresh_from_db()
    assert round.state == "pending" and round.grade == ""
    assert AuditEntry.objects.filter(message__contains="第三方复核发现问题").exists()
    assert round.events.last().action == "reopen"
    services.scores_save(
        actor=office,
        round=round,
        entries={Item.objects.get(category__table=round.table, code="V2").pk: (D(1), "材料造假")},
    )
    services.round_approve(actor=office, round=round)
    round.refresh_from_db()
    assert round.grade == "不合格" and round.total > 90


def test_an_office_score_differing_from_the_formula_needs_a_reason(
    round, community_user, street_user, scorer, office
):
    _complete(community_user, round)
    services.round_submit(actor=community_user, round=round)
    for actor in (street_user, scorer):
        _complete(actor, round)
        services.round_approve(actor=actor, round=round)
    item = Item.objects.get(category__table=round.table, code="1.1")
    with pytest.raises(ValidationError, match="须写明理由"):
        services.scores_save(actor=office, round=round, entries={item.pk: (D(1), "")})


def test_a_street_round_skips_the_street(table, program, tree, office, users):
    round = services.round_create(actor=office, program=program, unit=tree.street_a)
    from gongzhi.evaluation.chain import chain_for

    assert round.street is None and chain_for(round) == [tree.civil]


def test_only_the_office_opens_rounds(table, program, tree, street_user):
    with pytest.raises(PermissionDenied):
        services.round_create(actor=street_user, program=program, unit=tree.community_a1)
