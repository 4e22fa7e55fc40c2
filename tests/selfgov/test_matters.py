"""Taking a major matter through 四议两公开: the rules are checked by the service, each refusal
names the numbers or dates and leaves nothing saved; each step is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.core.models import AuditEntry
from gongzhi.selfgov import services
from gongzhi.selfgov.models import Matter, RegionRule, Step, StepKind
from tests.selfgov.helpers import DATES, new_matter, record, record_up_to, step_of

D = datetime.date
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def matter(tree, community_user):
    return new_matter(community_user, tree.community_a1)


def _refused(actor, matter, kind, **fields) -> dict:
    before = (Step.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        record(actor, matter, kind, **fields)
    assert (Step.objects.count(), AuditEntry.objects.count()) == before
    matter.refresh_from_db()
    return refused.value.message_dict


def test_a_matter_goes_through_all_six_steps(matter, community_user):
    record_up_to(community_user, matter, StepKind.RESULT_PUBLIC)
    matter.refresh_from_db()
    assert matter.is_complete and matter.next_step is None
    assert list(matter.steps.values_list("kind", flat=True)) == [1, 2, 3, 4, 5, 6]
    audited = AuditEntry.objects.filter(object_id=str(matter.pk), action="transition")
    assert audited.count() == 6


def test_a_meeting_short_of_quorum_is_refused_with_the_numbers(matter, community_user):
    problems = _refused(community_user, matter, StepKind.PROPOSAL, entitled=45, present=22)
    assert problems["present"] == ["应到 45 人，实到 22 人，未过半数，会议无效。"]
    assert matter.steps_done == 0


def test_a_resolution_needs_a_majority_of_those_entitled(matter, community_user):
    record_up_to(community_user, matter, StepKind.REVIEW)
    problems = _refused(
        community_user,
        matter,
        StepKind.RESOLUTION,
        entitled=45,
        present=30,
        votes_for=22,
        votes_against=4,
        votes_abstain=4,
    )
    assert problems["present"] == ["应到 45 人，赞成 22 票，未超过应到人数的半数，决议未通过。"]
    record(community_user, matter, StepKind.RESOLUTION, votes_for=23, votes_abstain=4)
    matter.refresh_from_db()
    assert matter.steps_done == 4


def test_representatives_need_two_thirds_where_the_region_says_so(tree, matter, community_user):
    RegionRule.objects.create(unit=tree.region, representatives_quorum="two_thirds")
    record_up_to(community_user, matter, StepKind.REVIEW)
    representatives = {"meeting_form": "representatives", "entitled": 30, "votes_for": 16}
    problems = _refused(community_user, matter, StepKind.RESOLUTION, present=19, **representatives)
    assert problems["present"] == ["应到 30 人，实到 19 人，不足三分之二，会议无效。"]
    record(
        community_user, matter, StepKind.RESOLUTION, present=20, votes_against=2, **representatives
    )


def test_an_assembly_needs_only_more_than_half_even_where_representatives_need_two_thirds(
    tree, matter, community_user
):
    RegionRule.objects.create(unit=tree.street_a, representatives_quorum="two_thirds")
    record_up_to(community_user, matter, StepKind.REVIEW)
    record(
        community_user,
        matter,
        StepKind.RESOLUTION,
        meeting_form="assembly",
        entitled=30,
        present=16,
        votes_for=16,
        votes_against=0,
        votes_abstain=0,
    )


def test_steps_are_recorded_in_order_only(matter, community_user):
    problems = _refused(community_user, matter, StepKind.REVIEW)
    assert problems["kind"] == ["须先完成“党组织提议”。"]
    record(community_user, matter, StepKind.PROPOSAL)
    assert _refused(community_user, matter, StepKind.PROPOSAL)["kind"] == ["“党组织提议”已经记录。"]


def test_a_step_is_not_dated_before_the_previous_one(matter, community_user):
    record(community_user, matter, StepKind.PROPOSAL, date=D(2024, 3, 1))
    problems = _refused(community_user, matter, StepKind.CONSULTATION, date=D(2024, 2, 29))
    assert problems["date"] == ["日期 2024-02-29 早于上一步“党组织提议”的日期 2024-03-01。"]
    record(community_user, matter, StepKind.CONSULTATION, date=D(2024, 3, 1))  # same day is fine


def test_a_step_is_not_dated_in_the_future(matter, community_user):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert (
        "晚于今天" in _refused(community_user, matter, StepKind.PROPOSAL, date=tomorrow)["date"][0]
    )


def test_publication_lasts_the_regions_minimum(tree, matter, community_user):
    RegionRule.objects.create(unit=tree.region, publication_days=10)
    record_up_to(community_user, matter, StepKind.RESOLUTION)
    start = DATES[StepKind.RESOLUTION_PUBLIC]
    short = _refused(
        community_user, matter, StepKind.RESOLUTION_PUBLIC, ends_on=start + datetime.timedelta(8)
    )
    assert short["ends_on"] == ["公开期 2024-03-13 至 2024-03-21 共 9 天，少于规定的 10 天。"]
    record(community_user, matter, StepKind.RESOLUTION_PUBLIC, ends_on=D(2024, 3, 22))


def test_the_default_publication_is_seven_days(matter, community_user):
    record_up_to(community_user, matter, StepKind.RESOLUTION)
    short = _refused(community_user, matter, StepKind.RESOLUTION_PUBLIC, ends_on=D(2024, 3, 18))
    assert "共 6 天，少于规定的 7 天" in short["ends_on"][0]


def test_the_result_waits_for_the_end_of_the_resolutions_publication(matter, community_user):
    record_up_to(community_user, matter, StepKind.RESOLUTION)
    record(community_user, matter, StepKind.RESOLUTION_PUBLIC, ends_on=D(2024, 3, 19))
    early = _refused(
        community_user,
        matter,
        StepKind.RESULT_PUBLIC,
        date=D(2024, 3, 19),
        ends_on=D(2024, 3, 30),
    )
    assert early["date"] == [
        "决议公开期至 2024-03-19 结束，实施结果最早于 2024-03-20 公开，不能在 2024-03-19 公开。"
    ]
    record(
        community_user, matter, StepKind.RESULT_PUBLIC, date=D(2024, 3, 20), ends_on=D(2024, 3, 26)
    )


def test_meeting_numbers_are_required_and_publications_keep_none(matter, community_user):
    problems = _refused(community_user, matter, StepKind.PROPOSAL, present=None)
    assert "present" in problems
    record_up_to(community_user, matter, StepKind.RESOLUTION)
    step = services.step_record(
        actor=community_user,
        matter=matter,
        step=step_of(StepKind.RESOLUTION_PUBLIC, entitled=9, present=9, votes_for=9),
    )
    assert (step.entitled, step.present, step.votes_for) == (None, None, None)


def test_only_the_community_records_and_a_street_reads(tree, matter, street_user, users):
    with pytest.raises(PermissionDenied):
        record(street_user, matter, StepKind.PROPOSAL)
    assert Matter.objects.visible_to(street_user).filter(pk=matter.pk).exists()
    with pytest.raises(ValidationError):
        new_matter(users["program_office"], tree.street_a)  # a matter belongs to a community


def test_files_are_kept_with_the_step_and_checked_by_content(matter, community_user):
    photo = SimpleUploadedFile("会议.png", PNG, content_type="image/png")
    step = services.step_record(
        actor=community_user, matter=matter, step=step_of(StepKind.PROPOSAL), files=[photo]
    )
    assert [f.name for f in step.files.all()] == ["会议.png"]
    fake = SimpleUploadedFile("纪要.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.step_record(
            actor=community_user, matter=matter, step=step_of(StepKind.CONSULTATION), files=[fake]
        )
    matter.refresh_from_db()
    assert matter.steps_done == 1 and not Step.objects.filter(kind=2).exists()
