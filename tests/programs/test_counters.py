"""Targets that count themselves from records."""

from decimal import Decimal

import pytest

from gongzhi.orgs.models import Unit
from gongzhi.programs import counters
from gongzhi.programs.document import DocumentError
from gongzhi.programs.exporter import export_program
from gongzhi.programs.importer import import_program
from gongzhi.programs.models import Target, Task
from gongzhi.progress import services
from gongzhi.progress.ledger import target_rows


def _approve_filing(demo, demo_users, unit_name, username):
    filing = Task.objects.get(program=demo, kind="filing", assignments__unit__name=unit_name)
    report = services.report_create(
        actor=demo_users[username],
        task=filing,
        unit=Unit.objects.get(name=unit_name),
        text="已备案",
        claims_completion=True,
    )
    services.report_submit(actor=demo_users[username], report=report)
    if username == "community":
        services.report_approve(actor=demo_users["street"], report=report)
    services.report_approve(actor=demo_users["office"], report=report)


def test_every_counter_states_what_it_counts():
    assert counters.REGISTRY
    for counter in counters.REGISTRY.values():
        assert len(counter.description) > 20, counter.name


def test_filing_share_counts_approved_filings_only(demo, demo_users):
    task = Task.objects.get(program=demo, kind="city", number=1)
    target = Target.objects.create(
        task=task,
        order=9,
        name="创建方案备案率",
        comparator=">=",
        value=100,
        measure="%",
        counter="progress.filings_approved",
        coverage_of="各试点单位",
    )
    assert target_rows([target])[0].actual == Decimal("0.00")
    _approve_filing(demo, demo_users, "雒城街道", "street")
    _approve_filing(demo, demo_users, "西城社区", "community")
    row = target_rows([target])[0]
    assert (row.actual, row.counted, row.met) == (Decimal("33.33"), True, False)


def test_pilot_items_done_counts_items_completed_through_the_whole_chain(demo, demo_users, item4):
    target = Target.objects.create(
        task=item4,
        order=9,
        name="已完成任务",
        comparator=">=",
        value=1,
        counter="progress.pilot_items_done",
    )
    report = services.report_create(
        actor=demo_users["community"],
        task=item4,
        unit=Unit.objects.get(name="西城社区"),
        text="完成",
        claims_completion=True,
    )
    services.report_submit(actor=demo_users["community"], report=report)
    services.report_approve(actor=demo_users["street"], report=report)
    assert target_rows([target])[0].actual == 0  # the office has not accepted yet
    services.report_approve(actor=demo_users["office"], report=report)
    assert target_rows([target])[0].met is True


def test_a_counted_target_cannot_be_typed(demo, demo_users, item4):
    target = Target.objects.create(
        task=item4, order=9, name="x", comparator=">=", value=1, counter="progress.pilot_items_done"
    )
    with pytest.raises(Exception, match="系统统计"):
        services.report_create(
            actor=demo_users["community"],
            task=item4,
            unit=Unit.objects.get(name="西城社区"),
            text="x",
            actuals={target.pk: 5},
        )


def test_documents_name_counters_and_unknown_ones_are_refused(demo):
    doc = export_program(demo)
    counted = {"counter": "progress.filings_approved", "coverage": {"of": "各试点单位"}}
    doc["tasks"][5]["targets"][0].update(counted)
    _program, changes = import_program(doc)
    assert changes == 1
    exported = export_program(demo)["tasks"][5]["targets"][0]
    assert {key: exported[key] for key in counted} == counted
    doc["tasks"][5]["targets"][0]["counter"] = "nothing.here"
    with pytest.raises(DocumentError, match=r"tasks\[5\].targets\[0\].counter"):
        import_program(doc)


def test_many_subtrees_count_as_few_do(db, monkeypatch):
    from gongzhi.community.models import Station

    region = Unit.objects.add_unit(None, name="某县", kind="county")
    street = Unit.objects.add_unit(region, name="某街道", kind="street")
    communities = [
        Unit.objects.add_unit(street, name=f"第{n}社区", kind="community") for n in range(30)
    ]
    for community in communities[::3]:
        Station.objects.create(name=f"{community.name}社工室", kind="room", unit=community)
    units = [*communities, street, region]
    many = counters.count_in_subtrees(Station.objects.all(), "unit__path", units)
    monkeypatch.setattr(counters, "PATHS_PER_QUERY", 7)  # grouped under the street, then kept
    chunked = counters.count_in_subtrees(Station.objects.all(), "unit__path", units)
    monkeypatch.setattr(counters, "FEW_PATHS", 100)  # every subtree ORed
    ored = counters.count_in_subtrees(Station.objects.all(), "unit__path", units)
    assert many == chunked == ored
    assert (many[street.pk], many[region.pk], sum(many[c.pk] for c in communities)) == (10, 10, 10)
