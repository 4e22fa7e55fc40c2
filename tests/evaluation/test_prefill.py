"""Items the platform holds evidence for are pre-filled from the records: a survey's
satisfaction rate on the scale, activities held against a target, a target met."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongzhi.evaluation import services
from gongzhi.evaluation.models import Item, ItemScore
from gongzhi.programs.models import Pilot, Program, Target, Task
from gongzhi.surveys import services as surveys
from gongzhi.surveys.models import Survey
from tests.activities.test_signin import make_activity

TODAY = timezone.localdate()


@pytest.fixture
def this_year(tree):
    """A program of this year, so this year's records count for it."""
    program = Program.objects.create(
        code="now", name="本年项目", year=TODAY.year, region=tree.region, office_unit=tree.civil
    )
    services.table_default(program)
    return program


def _satisfaction(tree, program, street_user, satisfied, total):
    survey = Survey.objects.create(
        unit=tree.community_a1,
        program=program,
        title="满意度调查",
        kind=Survey.Kind.SATISFACTION,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=1),
        created_by=street_user,
    )
    question = surveys.question_add(
        actor=street_user,
        survey=survey,
        text="满意吗？",
        kind="single",
        choices="满意\n不满意",
        positive="1",
    )
    for n in range(total):
        surveys.response_submit(
            survey=survey,
            answers={question.pk: "1" if n < satisfied else "2"},
            community=tree.community_a1,
            phone=f"1390000{n:04d}",
        )


def _prefill(round, code):
    return ItemScore.objects.get(round=round, item__code=code)


@pytest.mark.parametrize(("satisfied", "expected"), [(9, "8.00"), (6, "5.33")])
def test_a_satisfaction_rate_is_scaled_to_the_item(
    this_year, tree, office, street_user, satisfied, expected
):
    _satisfaction(tree, this_year, street_user, satisfied, 10)
    round = services.round_create(actor=office, program=this_year, unit=tree.community_a1)
    score = _prefill(round, "5.1")  # 8 points, full at 90 %: 60 % → 8 × 60 / 90
    assert score.prefill == D(expected) and score.self_points == D(expected)
    assert "90" in score.prefill_basis


def test_activities_held_against_their_target_deduct_per_shortfall(this_year, tree, office):
    for _ in range(3):
        make_activity(unit=tree.community_a1, type="volunteer")
    round = services.round_create(actor=office, program=this_year, unit=tree.community_a1)
    assert _prefill(round, "3.3").prefill == D("1.50")  # 5 − 0.5 × (10 − 3)
    assert _prefill(round, "1.1").prefill is None  # scored by people


def _volunteering_target(program, community, street):
    pilot = Pilot.objects.create(
        program=program, community=community, street=street, type_name="幸福和睦型", due=TODAY
    )
    task = Task.objects.create(
        program=program, kind="pilot_item", pilot=pilot, number=1, text="志愿服务", due=TODAY
    )
    return Target.objects.create(
        task=task,
        name="开展志愿服务活动",
        comparator=">=",
        value=2,
        counter="activities.count",
        counter_args={"type": "volunteer"},
    )


def test_a_met_target_of_the_community_gives_full_points(this_year, tree, office):
    _volunteering_target(this_year, tree.community_a1, tree.street_a)
    Item.objects.filter(category__table__program=this_year, code="3.3").update(
        counter="",
        counter_args={},
        target_name="开展志愿服务活动",
        rule="all_or_nothing",
        target_value=2,
    )
    make_activity(unit=tree.community_a1, type="volunteer")
    round = services.round_create(actor=office, program=this_year, unit=tree.community_a2)
    assert _prefill(round, "3.3").prefill is None  # not a target of 甲二社区
    round = services.round_create(actor=office, program=this_year, unit=tree.community_a1)
    assert _prefill(round, "3.3").prefill == 0  # one held, two wanted
    make_activity(unit=tree.community_a1, type="volunteer")
    services.prefill_refresh(actor=_assessor(tree), round=round)
    assert _prefill(round, "3.3").prefill == D(5)


def _assessor(tree):
    from tests.conftest import make_user

    return make_user("assessor", "community", tree.community_a1)


def test_the_prefill_can_be_overridden_with_a_reason(this_year, tree, office):
    for _ in range(3):
        make_activity(unit=tree.community_a1, type="volunteer")
    round = services.round_create(actor=office, program=this_year, unit=tree.community_a1)
    score = _prefill(round, "3.3")
    entries = {score.item_id: (D(4), "")}
    assessor = _assessor(tree)
    with pytest.raises(ValidationError, match="系统预填"):
        services.scores_save(actor=assessor, round=round, entries=entries)
    entries = {score.item_id: (D(4), "另有7次活动在街道组织")}
    services.scores_save(actor=assessor, round=round, entries=entries)
    score.refresh_from_db()
    assert score.self_points == 4 and score.prefill == D("1.50")
