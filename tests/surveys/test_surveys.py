"""A satisfaction survey from its questions to the statistics, answered from its public link."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongzhi.programs import counters
from gongzhi.programs.models import Program
from gongzhi.surveys import services
from gongzhi.surveys.models import Invitation, Question, Response, Survey
from gongzhi.surveys.stats import survey_statistics

TODAY = timezone.localdate()


@pytest.fixture
def survey(tree, street_user):
    survey = Survey.objects.create(
        unit=tree.street_a,
        title="甲街道居民满意度调查",
        kind=Survey.Kind.SATISFACTION,
        opens_on=TODAY - datetime.timedelta(days=3),
        closes_on=TODAY + datetime.timedelta(days=3),
        created_by=street_user,
    )
    services.question_add(
        actor=street_user,
        survey=survey,
        text="您对社区服务满意吗？",
        kind="single",
        choices="非常满意\n满意\n一般\n不满意",
        positive="1,2",
    )
    services.question_add(actor=street_user, survey=survey, text="打分", kind="scale", positive="4")
    services.question_add(
        actor=street_user, survey=survey, text="建议", kind="text", required=False
    )
    return survey


def answer(survey, community, satisfied: int, score: int, phone: str, **extra):
    first, second, _third = survey.questions.all()
    return services.response_submit(
        survey=survey,
        answers={first.pk: str(satisfied), second.pk: str(score)},
        community=community,
        phone=phone,
        **extra,
    )


def test_statistics_by_community_against_hand_counts(tree, survey):
    a1, a2 = tree.community_a1, tree.community_a2
    for n, (community, choice, score) in enumerate(
        [(a1, 1, 5), (a1, 2, 4), (a1, 3, 2), (a2, 1, 5), (a2, 4, 1)]
    ):
        answer(survey, community, choice, score, f"1390000000{n}")
    single, scale, text = survey_statistics(survey)
    assert single.answered == 5
    assert [o.count for o in single.options] == [2, 1, 1, 1]
    assert (single.rate.positive, single.rate.total) == (3, 5)
    by = single.by_place
    assert (by["甲一社区"].positive, by["甲一社区"].total) == (2, 3)
    assert (by["甲二社区"].positive, by["甲二社区"].total) == (1, 2)
    assert scale.mean == pytest.approx((5 + 4 + 2 + 5 + 1) / 5)
    assert (scale.rate.positive, scale.rate.total) == (3, 5)  # scores of 4 and more
    assert text.answered == 0 and text.rate is None


def test_one_answer_per_phone(tree, survey):
    answer(survey, tree.community_a1, 1, 5, "13900000001")
    with pytest.raises(ValidationError, match="已提交过"):
        answer(survey, tree.community_a1, 2, 4, "139 0000 0001")
    assert Response.objects.count() == 1
    stored = Response.objects.get()
    assert stored.phone_hash and "13900000001" not in stored.phone_hash


def test_one_answer_per_invitation(tree, survey, street_user):
    survey.identity = Survey.Identity.INVITATION
    survey.save()
    (invitation,) = services.invitations_make(actor=street_user, survey=survey, count=1)
    answer(survey, tree.community_a1, 1, 5, "", code=invitation.code.lower())
    with pytest.raises(ValidationError, match="已使用"):
        answer(survey, tree.community_a1, 1, 5, "", code=invitation.code)
    with pytest.raises(ValidationError, match="无效"):
        answer(survey, tree.community_a1, 1, 5, "", code="XXXXXXXX")
    assert Invitation.objects.get().used_at is not None


def test_a_closed_survey_takes_no_answers(tree, survey):
    survey.closes_on = TODAY - datetime.timedelta(days=1)
    survey.opens_on = TODAY - datetime.timedelta(days=5)
    survey.save()
    with pytest.raises(ValidationError, match="开放时间"):
        answer(survey, tree.community_a1, 1, 5, "13900000001")


def test_a_missing_required_answer_names_the_question(tree, survey):
    first = survey.questions.first()
    with pytest.raises(ValidationError, match="请回答：打分"):
        services.response_submit(
            survey=survey, answers={first.pk: "1"}, community=tree.community_a1, phone="13900000001"
        )
    with pytest.raises(ValidationError, match="回答无效"):
        answer(survey, tree.community_a1, 9, 5, "13900000002")
    assert not Response.objects.exists()


def test_questions_are_checked_and_locked_once_answered(tree, survey, street_user):
    with pytest.raises(ValidationError, match="至少需要两个选项"):
        services.question_add(
            actor=street_user, survey=survey, text="q", kind="single", choices="是"
        )
    with pytest.raises(ValidationError, match="1 到 2"):
        services.question_add(
            actor=street_user,
            survey=survey,
            text="q",
            kind="single",
            choices="是\n否",
            positive="3",
        )
    answer(survey, tree.community_a1, 1, 5, "13900000001")
    with pytest.raises(ValidationError, match="不能再修改"):
        services.question_add(actor=street_user, survey=survey, text="q", kind="text")


def test_answering_from_the_public_link_on_a_phone(client, tree, survey):
    first, second, third = survey.questions.all()
    url = survey.public_url()
    page = client.get(url).content.decode()
    assert "您对社区服务满意吗" in page and "您所在的社区" in page
    data = {
        "community": tree.community_a1.pk,
        f"q{first.pk}": "2",
        f"q{second.pk}": "4",
        f"q{third.pk}": "多组织活动",
        "phone": "13900000009",
    }
    assert "提交成功" in client.post(url, data).content.decode()
    again = client.post(url, data).content.decode()
    assert "该手机号已提交过答卷" in again
    assert Response.objects.get().answers.get(question=third).text == "多组织活动"


def test_one_address_answers_a_limited_number_of_times(client, tree, survey, settings):
    settings.GZ_SURVEY_RESPONSES_PER_ADDRESS_PER_HOUR = 1
    first, second, _ = survey.questions.all()
    statuses = []
    for n in range(2):
        data = {"community": tree.community_a1.pk, f"q{first.pk}": "1", f"q{second.pk}": "5"}
        data["phone"] = f"1390000001{n}"
        statuses.append(client.post(survey.public_url(), data).status_code)
    assert statuses == [200, 429] and Response.objects.count() == 1


def test_exports_hold_no_personal_data(client, tree, survey, street_user):
    answer(survey, tree.community_a1, 1, 5, "13900000001")
    client.force_login(street_user)
    answers = client.get(reverse("surveys:export-answers", args=[survey.pk]))
    sheet = load_workbook(io.BytesIO(answers.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "答卷" and rows[1][2] == "甲一社区" and rows[1][4] == "非常满意"
    assert "13900000001" not in str(rows)
    stats = client.get(reverse("surveys:export-statistics", args=[survey.pk]))
    values = [[c.value for c in row] for row in load_workbook(io.BytesIO(stats.content)).active]
    assert ["您对社区服务满意吗？", "全部", 1, "比率", 1, "100.0%", "20.7%–100.0%"] in values


def test_the_satisfaction_rate_feeds_a_target(tree, survey):
    program = Program.objects.create(
        code="p", name="p", year=TODAY.year, region=tree.region, office_unit=tree.civil
    )
    answer(survey, tree.community_a1, 1, 5, "13900000001")  # 2 rated answers, both positive
    answer(survey, tree.community_a2, 4, 1, "13900000002")  # 2 rated answers, none positive
    rate = counters.get("surveys.positive_rate")
    assert rate.check_args({"kind": "satisfaction"}) == []
    values = rate.compute(
        program, [tree.street_a, tree.community_a1, tree.street_b], {"kind": "satisfaction"}
    )
    assert [str(values[u.pk]) for u in (tree.street_a, tree.community_a1, tree.street_b)] == [
        "50.00",
        "100.00",
        "0",
    ]
    assert rate.compute(program, [tree.street_a], {"kind": "awareness"})[tree.street_a.pk] == 0


def test_the_survey_page_shows_rates_with_sample_and_interval(client, tree, survey, street_user):
    for n in range(4):
        answer(survey, tree.community_a1, 1 if n < 3 else 4, 5, f"1390000002{n}")
    client.force_login(street_user)
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "75.0%" in html and "（3/4，" in html and "95% 区间" in html
    assert (
        client.get(reverse("surveys:survey-qr", args=[survey.pk]))["Content-Type"]
        == "image/svg+xml"
    )


def test_another_street_does_not_see_the_survey(client, tree, survey):
    from gongzhi.core.roles import Role
    from tests.conftest import make_user

    other = make_user("street_b", Role.STREET, tree.street_b)
    client.force_login(other)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get(reverse("surveys:export-answers", args=[survey.pk])).status_code == 404
    assert Question.objects.visible_to(other).count() == 0


def test_an_agency_surveys_the_communities_it_serves(tree, users):
    from gongzhi.core.roles import Role
    from gongzhi.programs.models import Program
    from gongzhi.services.models import ServiceProject
    from gongzhi.surveys.selectors import communities_of

    agency_user = users[Role.AGENCY]
    program = Program.objects.create(
        code="s", name="s", year=TODAY.year, region=tree.region, office_unit=tree.civil
    )
    ServiceProject.objects.create(
        program=program,
        buyer=tree.community_a1,
        agency=tree.agency_a,
        title="社工服务",
        method="inquiry",
        starts_on=TODAY,
        ends_on=TODAY,
        created_by=agency_user,
    )
    survey = Survey.objects.create(
        unit=tree.agency_a,
        title="居民需求调研",
        kind=Survey.Kind.NEEDS,
        opens_on=TODAY,
        closes_on=TODAY,
        created_by=agency_user,
    )
    question = services.question_add(
        actor=agency_user, survey=survey, text="最需要的服务", kind="text"
    )
    assert list(communities_of(survey)) == [tree.community_a1]
    services.response_submit(
        survey=survey,
        answers={question.pk: "助餐"},
        community=tree.community_a1,
        phone="13900000001",
    )
    with pytest.raises(ValidationError, match="问卷范围内"):
        services.response_submit(
            survey=survey,
            answers={question.pk: "x"},
            community=tree.community_b1,
            phone="13900000002",
        )
