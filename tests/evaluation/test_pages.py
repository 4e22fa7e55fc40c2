"""The evaluation pages: the scoring sheet per stage, evidence scoped to what the user sees,
the table's import with errors, the score sheet's Excel, and the to-dos of each stage."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.core.roles import Role
from gongzhi.core.work import work_for
from gongzhi.evaluation import services
from gongzhi.evaluation.document import document_of
from gongzhi.evaluation.models import EvidenceLink, ItemScore, ScoringTable
from gongzhi.evaluation.workbook import export_table
from tests.activities.test_signin import make_activity


@pytest.fixture
def round(table, program, tree, office):
    return services.round_create(
        actor=office, program=program, unit=tree.community_a1, third_party=tree.evaluator_a
    )


def _score_post(round, value="1", reason="按标准", submit=False):
    data = {}
    for score in round.scores.select_related("item"):
        data[f"points_{score.item_id}"] = "0" if score.item.is_veto else value
        data[f"reason_{score.item_id}"] = reason
    if submit:
        data["submit"] = "1"
    return data


def test_the_community_scores_and_submits_on_its_page(client, round, community_user):
    client.force_login(community_user)
    page = client.get(round.get_absolute_url())
    assert page.status_code == 200 and page.content.decode().count('data-testid="item-card"') == 22
    response = client.post(
        reverse("evaluation:round-score", args=[round.pk]), _score_post(round, submit=True)
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.state == "pending"
    assert ItemScore.objects.filter(round=round, self_points=1).count() == 19


def test_a_score_that_is_no_number_is_refused_naming_the_item(client, round, community_user):
    client.force_login(community_user)
    data = _score_post(round)
    first = round.scores.select_related("item").first()
    data[f"points_{first.item_id}"] = "五"
    response = client.post(reverse("evaluation:round-score", args=[round.pk]), data, follow=True)
    assert "不是数字" in response.content.decode() and first.item.code in response.content.decode()
    assert not ItemScore.objects.filter(round=round, self_points=1).exists()  # nothing saved


def test_evidence_is_cited_from_the_records_the_user_sees(client, round, community_user, tree):
    own = make_activity(unit=tree.community_a1, title="志愿服务")
    other = make_activity(unit=tree.community_b1, title="别处活动")
    score = round.scores.get(item__code="3.3")
    client.force_login(community_user)
    page = client.get(round.get_absolute_url()).content.decode()
    assert "志愿服务" in page and "别处活动" not in page
    url = reverse("evaluation:round-evidence", args=[round.pk])
    client.post(url, {"score": score.pk, "record": f"activities.activity:{other.pk}"})
    assert not EvidenceLink.objects.exists()  # not visible to 甲一社区
    client.post(url, {"score": score.pk, "record": f"activities.activity:{own.pk}"})
    link = EvidenceLink.objects.get()
    assert link.label == "志愿服务" and link.score == score
    client.post(url, {"remove": link.pk})
    assert not EvidenceLink.objects.exists()


def test_the_street_sees_the_self_scores_and_enters_its_own(
    client, round, community_user, street_user
):
    services.scores_save(
        actor=community_user,
        round=round,
        entries=_ones(round),
    )
    services.round_submit(actor=community_user, round=round)
    client.force_login(street_user)
    page = client.get(round.get_absolute_url()).content.decode()
    assert 'data-testid="review-submit"' in page and "自评：" in page
    response = client.post(
        reverse("evaluation:round-review", args=[round.pk]), {"decision": "return"}, follow=True
    )
    assert "退回时必须填写意见" in response.content.decode()


def test_the_score_sheet_exports_with_totals_and_grade(client, round, office):
    client.force_login(office)
    response = client.get(reverse("evaluation:round-excel", args=[round.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][:3] == ("类别", "编号", "评分内容")
    assert rows[2][:3] == ("组织领导与党建引领", "1.1", "党组织领导，书记亲自抓")
    assert any(row[2] == "等级" for row in rows)


def test_the_office_imports_the_official_table_and_a_bad_one_is_named(client, table, office, users):
    client.force_login(office)
    url = reverse("evaluation:table-import", args=[table.pk])
    document = {**document_of(table), "name": "正式评分表", "is_default": False}
    upload = io.BytesIO(export_table(document))
    upload.name = "正式.xlsx"
    assert client.post(url, {"file": upload}).status_code == 302
    assert ScoringTable.objects.get().name == "正式评分表"
    bad = io.BytesIO(b"not excel")
    bad.name = "x.xlsx"
    response = client.post(url, {"file": bad})
    assert response.status_code == 200 and "Excel" in response.content.decode()
    client.force_login(users[Role.STREET])
    assert client.get(url).status_code == 403


def _ones(round):
    return {s.item_id: (D(0) if s.item.is_veto else D(1), "自评") for s in round.scores.all()}


def _titles(user):
    fresh = type(user).objects.get(pk=user.pk)  # the to-dos are worked out once per user object
    return {group.name: group for group in work_for(fresh)}


def test_each_stage_finds_the_round_in_its_to_dos(
    round, community_user, street_user, users, office
):
    third = users[Role.THIRD_PARTY]
    assert "evaluation.rounds_to_assess" in _titles(community_user)
    services.scores_save(actor=community_user, round=round, entries=_ones(round))
    services.round_submit(actor=community_user, round=round)
    assert "evaluation.rounds_to_assess" not in _titles(community_user)
    assert "evaluation.rounds_to_score" in _titles(street_user)
    assert "evaluation.rounds_to_score" not in _titles(third)
    for scorer in (street_user, third):
        services.scores_save(actor=scorer, round=round, entries=_ones(round))
        services.round_approve(actor=scorer, round=round)
        assert "evaluation.rounds_to_score" not in _titles(scorer)
    assert "evaluation.rounds_to_score" in _titles(office)
