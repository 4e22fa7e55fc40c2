"""The review chain: community → street → program office; send back with a comment; resubmit;
approved reports are locked; an item is done only when the last reviewer accepts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress import services
from gongzhi.progress.chain import awaiting_review_filter
from gongzhi.progress.ledger import Status, task_status, with_status
from gongzhi.progress.models import Notification, Report, ReviewEvent
from tests.conftest import make_user
from tests.progress.helpers import pdf, photo

State = Report.State


@pytest.fixture
def xicheng(demo):
    return Unit.objects.get(name="西城社区")


def _draft(demo_users, item4, xicheng, **extra):
    return services.report_create(
        actor=demo_users["community"],
        task=item4,
        unit=xicheng,
        text="已召开第4期供需对接会，12家单位参加。",
        claims_completion=True,
        files=[photo(), pdf()],
        **extra,
    )


def _status(task):
    return task_status(with_status(Task.objects).get(pk=task.pk))


def test_the_full_chain_from_community_to_office(
    demo_users, item4, xicheng, mailoutbox, in_spring_2024
):
    community, street, office = (demo_users[n] for n in ("community", "street", "office"))
    report = _draft(demo_users, item4, xicheng)
    assert report.evidence.count() == 2
    assert report.evidence.get(name="meeting.jpg").thumbnail
    services.report_submit(actor=community, report=report)
    assert Notification.objects.filter(user=street, key__startswith="review:").count() == 1

    with pytest.raises(PermissionDenied):  # the office does not skip the street
        services.report_approve(actor=office, report=report)
    with pytest.raises(ValidationError):  # sending back needs a reason
        services.report_return(actor=street, report=report, comment="  ")
    services.report_return(actor=street, report=report, comment="请补充会议签到表")
    report.refresh_from_db()
    assert (report.state, report.stage) == (State.RETURNED, 0)
    assert Notification.objects.get(user=community, key__startswith="returned:").body == (
        "请补充会议签到表"
    )

    services.report_update(
        actor=community,
        report=report,
        text=report.text + "（已补签到表）",
        claims_completion=True,
        files=[pdf("sign.pdf")],
    )
    services.report_submit(actor=community, report=report)
    services.report_approve(actor=street, report=report, comment="同意")
    report.refresh_from_db()
    assert (report.state, report.stage) == (State.PENDING, 1)
    assert _status(item4) == Status.PENDING
    with pytest.raises(PermissionDenied):  # the street has had its turn
        services.report_approve(actor=street, report=report)

    services.report_approve(actor=office, report=report, comment="验收通过")
    report.refresh_from_db()
    assert report.state == State.APPROVED and report.is_locked
    assert _status(item4) == Status.DONE
    steps = list(report.events.values_list("action", "actor__username", "stage"))
    assert steps == [
        ("submit", "community", 0),
        ("return", "street", 0),
        ("submit", "community", 0),
        ("approve", "street", 0),
        ("approve", "office", 1),
    ]
    assert (
        AuditEntry.objects.filter(object_type="progress.report", action="transition").count() == 5
    )


def test_approved_reports_are_locked(demo_users, item4, xicheng):
    report = _draft(demo_users, item4, xicheng)
    services.report_submit(actor=demo_users["community"], report=report)
    services.report_approve(actor=demo_users["street"], report=report)
    services.report_approve(actor=demo_users["office"], report=report)
    for attempt in (
        lambda: services.report_update(actor=demo_users["community"], report=report, text="x"),
        lambda: services.report_submit(actor=demo_users["community"], report=report),
        lambda: services.evidence_remove(
            actor=demo_users["community"], evidence=report.evidence.first()
        ),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    with pytest.raises(PermissionDenied):
        services.report_return(actor=demo_users["office"], report=report, comment="晚了")
    report.refresh_from_db()
    assert report.state == State.APPROVED and report.evidence.count() == 2


ROLES = ["office", "dept", "finance", "street", "community", "agency", "socialworker", "thirdparty"]


@pytest.mark.parametrize("username", ROLES)
def test_only_the_community_may_report_on_its_item(demo_users, item4, xicheng, username):
    if username == "community":
        assert _draft(demo_users, item4, xicheng).state == State.DRAFT
        return
    with pytest.raises(PermissionDenied):
        services.report_create(actor=demo_users[username], task=item4, unit=xicheng, text="x")
    assert Report.objects.count() == 0


@pytest.mark.parametrize("username", ROLES)
def test_only_the_street_reviews_the_first_stage(demo_users, item4, xicheng, username):
    report = _draft(demo_users, item4, xicheng)
    services.report_submit(actor=demo_users["community"], report=report)
    if username == "street":
        services.report_approve(actor=demo_users[username], report=report)
        return
    for act in (services.report_approve, services.report_return):
        with pytest.raises(PermissionDenied):
            act(actor=demo_users[username], report=report, comment="x")
    report.refresh_from_db()
    assert (report.state, report.stage) == (State.PENDING, 0)
    assert ReviewEvent.objects.filter(report=report).count() == 1


@pytest.mark.parametrize("username", [r for r in ROLES if r != "office"])
def test_only_the_office_reviews_the_last_stage(demo_users, item4, xicheng, username):
    report = _draft(demo_users, item4, xicheng)
    services.report_submit(actor=demo_users["community"], report=report)
    services.report_approve(actor=demo_users["street"], report=report)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=demo_users[username], report=report)
    services.report_approve(actor=demo_users["office"], report=report)


def test_another_street_may_not_review(demo_users, item4, xicheng):
    other = make_user("hanzhou", "street", Unit.objects.get(name="汉州街道"))
    report = _draft(demo_users, item4, xicheng)
    services.report_submit(actor=demo_users["community"], report=report)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=other, report=report)


@pytest.mark.parametrize(
    ("state", "action"),
    [("draft", "approve"), ("draft", "return"), ("approved", "submit"), ("returned", "approve")],
)
def test_transitions_outside_the_table_are_refused(demo_users, item4, xicheng, state, action):
    report = _draft(demo_users, item4, xicheng)
    Report.objects.filter(pk=report.pk).update(state=state)
    report.refresh_from_db()
    actor = demo_users["community" if action == "submit" else "street"]
    call = {
        "approve": services.report_approve,
        "return": services.report_return,
        "submit": services.report_submit,
    }[action]
    with pytest.raises((PermissionDenied, ValidationError)):
        call(actor=actor, report=report, **({} if action == "submit" else {"comment": "x"}))
    report.refresh_from_db()
    assert report.state == state


def test_a_city_task_goes_straight_to_the_office(demo, demo_users):
    task = Task.objects.get(program=demo, kind="city", number=1)
    dept = demo_users["dept"]  # 市委组织部 is a co-unit of task 1
    report = services.report_create(
        actor=dept, task=task, unit=Unit.objects.get(name="市委组织部"), text="已配合制定清单"
    )
    services.report_submit(actor=dept, report=report)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=demo_users["street"], report=report)
    services.report_approve(actor=demo_users["office"], report=report)
    report.refresh_from_db()
    assert report.state == State.APPROVED
    # a co-unit's completion does not complete the task: the lead unit has not finished
    assert _status(task) != Status.DONE


def test_a_task_with_two_lead_units_is_done_when_both_are(demo, demo_users):
    task = Task.objects.get(program=demo, kind="city", number=8)
    leads = {a.unit.name: a.unit for a in task.assignments.filter(role="lead")}
    assert set(leads) == {"市民政局", "市基层治理促进中心"}
    office = demo_users["office"]
    first = services.report_create(
        actor=office, task=task, unit=leads["市民政局"], text="机制已建立", claims_completion=True
    )
    services.report_submit(actor=office, report=first)
    # the office's own claim is reviewed by the working group's leading unit, not by the office
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=office, report=first)
    leader = make_user("wg_leader", "program_office", Unit.objects.get(name="市委组织部"))
    services.report_approve(actor=leader, report=first)
    assert _status(task) != Status.DONE
    centre_staff = make_user("centre", "city_department", leads["市基层治理促进中心"])
    second = services.report_create(
        actor=centre_staff,
        task=task,
        unit=leads["市基层治理促进中心"],
        text="已完成",
        claims_completion=True,
    )
    services.report_submit(actor=centre_staff, report=second)
    services.report_approve(actor=office, report=second)
    assert _status(task) == Status.DONE


def test_the_filing_of_a_community_plan_uses_the_same_chain(demo, demo_users, xicheng):
    filing = Task.objects.get(program=demo, kind="filing", assignments__unit=xicheng)
    report = services.report_create(
        actor=demo_users["community"],
        task=filing,
        unit=xicheng,
        text="创建方案已报备",
        claims_completion=True,
        files=[pdf("plan.pdf")],
    )
    services.report_submit(actor=demo_users["community"], report=report)
    services.report_approve(actor=demo_users["street"], report=report)
    services.report_approve(actor=demo_users["office"], report=report)
    assert _status(filing) == Status.DONE


def test_the_lead_unit_sees_its_co_units_contributions(demo, demo_users):
    # 市基层治理促进中心 leads task 9
    task9 = Task.objects.get(program=demo, kind="city", number=9)
    centre = Unit.objects.get(name="市基层治理促进中心")
    lead_staff = make_user("centre_lead", "city_department", centre)
    street = demo_users["street"]
    report = services.report_create(
        actor=street, task=task9, unit=Unit.objects.get(name="雒城街道"), text="街道宣传3次"
    )
    assert report in Report.objects.visible_to(lead_staff)
    assert report not in Report.objects.visible_to(demo_users["dept"])  # 组织部 only co-runs task 9
    assert report not in Report.objects.visible_to(lead_staff, "progress.review")


def test_hand_entered_actuals_count_once_the_office_accepts(demo, demo_users):
    """京皇社区 item 1 (a room of at least 400 m²) is measured by hand, not by a counter."""
    from gongzhi.progress.ledger import target_rows

    item = Task.objects.get(pilot__community__name="京皇社区", number=1)
    target = item.targets.get()
    assert target.counter == ""
    staff = make_user("jinghuang", "community", Unit.objects.get(name="京皇社区"))
    reviewer = make_user("hanzhou_street", "street", Unit.objects.get(name="汉州街道"))
    report = services.report_create(
        actor=staff,
        task=item,
        unit=Unit.objects.get(name="京皇社区"),
        text="多功能室已建成",
        actuals={target.pk: 420},
    )
    services.report_submit(actor=staff, report=report)
    services.report_approve(actor=reviewer, report=report)
    assert target_rows([target])[0].actual is None  # not yet accepted by the office
    services.report_approve(actor=demo_users["office"], report=report)
    row = target_rows([target])[0]
    assert (row.actual, row.met, row.counted) == (420, True, False)


def test_a_report_stays_in_the_chain_it_was_submitted_into(demo_users, item4, xicheng):
    """Moving the community to another street does not move a report already under review:
    the street it was sent to still reviews it, and only it sees it as waiting."""
    community, street = demo_users["community"], demo_users["street"]
    report = _draft(demo_users, item4, xicheng, submit=True)
    assert [stage.unit.name for stage in report.review_stages.all()] == ["雒城街道", "市民政局"]

    hanzhou = Unit.objects.get(name="汉州街道")
    Unit.objects.move(xicheng, hanzhou, pos="last-child")
    xicheng.refresh_from_db()
    hanzhou_user = make_user("hanzhou_reviewer", "street", hanzhou)

    def waiting_for(user):
        return list(Report.objects.filter(awaiting_review_filter(user)))

    assert waiting_for(street) == [report] and waiting_for(hanzhou_user) == []
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=hanzhou_user, report=report)
    services.report_approve(actor=street, report=report)
    assert waiting_for(demo_users["office"]) == [report] and waiting_for(street) == []

    services.report_return(actor=demo_users["office"], report=report, comment="请补充")
    services.report_submit(actor=community, report=report)  # a new submission: the new chain
    assert [stage.unit.name for stage in report.review_stages.all()] == ["汉州街道", "市民政局"]
    assert waiting_for(hanzhou_user) == [report] and waiting_for(street) == []


def test_saving_and_submitting_is_one_step(demo_users, item4, xicheng):
    """A report that cannot be submitted is not left behind as a draft either."""
    report = _draft(demo_users, item4, xicheng, submit=True)
    assert report.state == State.PENDING and report.review_stages.count() == 2
    steps = list(report.events.values_list("action", flat=True))
    assert steps == [ReviewEvent.Action.SUBMIT]

    def fail(*args, **kwargs):
        raise ValidationError("broken chain")

    drafts = Report.objects.count()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "store_chain", fail)
        with pytest.raises(ValidationError):
            _draft(demo_users, item4, xicheng, submit=True)
    assert Report.objects.count() == drafts
