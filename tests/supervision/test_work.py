"""The supervision to-dos on each role's home: the owner fixes, the third party confirms and
writes, the street and then the office review."""

from decimal import Decimal

from gongzhi.core.roles import Role
from gongzhi.core.work import work_for
from gongzhi.supervision import services


def titles(user, source):
    return [
        item.title
        for group in work_for(user)
        if group.name == f"supervision.{source}"
        for item in group.work.items
    ]


def fresh(user):
    user.__dict__.pop("_gz_work", None)
    return user


def test_an_item_goes_from_the_owners_list_to_the_third_partys(item, users, evaluator):
    agency = users[Role.AGENCY]
    assert len(titles(agency, "items_to_fix")) == 1
    assert titles(evaluator, "items_to_confirm") == []
    services.item_fix(actor=agency, item=item, fix="已补齐")
    assert titles(fresh(agency), "items_to_fix") == []
    assert len(titles(fresh(evaluator), "items_to_confirm")) == 1


def test_a_report_waits_on_the_street_then_the_office_then_back_to_the_writer(
    assignment, evaluator, users
):
    street, office = users[Role.STREET], users[Role.PROGRAM_OFFICE]
    report = services.report_create(
        actor=evaluator,
        project=assignment.project,
        third_party=assignment.third_party,
        kind="final",
        text="末期评估",
        score=Decimal("91"),
        submit=True,
    )
    assert len(titles(street, "reports_to_review")) == 1
    assert titles(office, "reports_to_review") == []
    services.report_approve(actor=street, report=report)
    assert titles(fresh(street), "reports_to_review") == []
    assert len(titles(fresh(office), "reports_to_review")) == 1
    services.report_return(actor=office, report=report, comment="补充附件")
    assert len(titles(fresh(evaluator), "reports_to_write")) == 1
