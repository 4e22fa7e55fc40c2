"""The 绩效评分表 annex the summary and acceptance reports append: a unit's score sheet with
every stage's total, and for the program one line per assessed unit."""

from decimal import Decimal as D

from gongzhi.core.report_annexes import annexes_for
from gongzhi.core.roles import Role
from gongzhi.evaluation import services
from gongzhi.evaluation.models import Item
from gongzhi.evaluation.sheet import round_totals


def _score_all(actor, round, value=None):
    entries = {}
    for score in round.scores.select_related("item"):
        if score.item.kind == Item.Kind.VETO:
            entries[score.item.pk] = (D(0), "")
        else:
            full = score.item.points if value is None else D(value)
            entries[score.item.pk] = (min(full, score.item.points), "按标准")
    services.scores_save(actor=actor, round=round, entries=entries)


def _round(program, tree, office):
    return services.round_create(
        actor=office, program=program, unit=tree.community_a1, third_party=tree.evaluator_a
    )


def test_no_round_no_annex(table, program, tree):
    assert annexes_for(program, tree.community_a1, is_program=False) == []
    assert annexes_for(program, program.region, is_program=True) == []


def test_a_running_round_is_annexed_as_not_concluded(table, program, tree, office, community_user):
    round = _round(program, tree, office)
    _score_all(community_user, round)
    (annex,) = annexes_for(program, tree.community_a1, is_program=False)
    assert annex.title == "绩效评分表"
    assert annex.headers[-4:] == ["自评", "街道", "第三方", "最终"]
    assert len(annex.rows) == round.scores.count() + 1  # the items and the total line
    assert annex.rows[-1][0] == "合计" and annex.rows[-1][2:4] == [
        "100",
        "105",
    ]  # 100 + the bonus cap
    assert annex.note == "评估尚未结束，以上为当前得分。"


def test_a_concluded_round_gives_its_total_and_grade(
    table, program, tree, office, community_user, street_user, users
):
    round = _round(program, tree, office)
    _score_all(community_user, round)
    services.round_submit(actor=community_user, round=round)
    _score_all(street_user, round, 2)
    services.round_approve(actor=street_user, round=round)
    scorer = users[Role.THIRD_PARTY]
    _score_all(scorer, round, 3)
    services.round_approve(actor=scorer, round=round)
    services.round_approve(actor=office, round=round, comment="同意")
    round.refresh_from_db()

    (annex,) = annexes_for(program, tree.community_a1, is_program=False)
    total = f"{round.total.normalize():f}"
    assert annex.rows[-1][-1] == total
    assert annex.note == f"最终得分 {total} 分，等级：{round.grade}。"
    (summary,) = annexes_for(program, program.region, is_program=True)
    street, third = (f"{round_totals(round, s).total.normalize():f}" for s in ("street", "third"))
    assert summary.rows == [[tree.community_a1.name, "105", street, third, total, round.grade]]
