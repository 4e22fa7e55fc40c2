"""The report data: figures counted from the records of the subject, in bounded queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.documents.data import report_data, sample_data
from gongzhi.documents.subjects import subject_of
from gongzhi.orgs.models import Unit
from tests.documents.conftest import add_activity, add_report


def test_a_communitys_figures_come_from_its_own_records(demo, people, xihu):
    author = people["xihu"]
    add_activity(xihu, author, signins=3)
    add_activity(xihu, author, signins=4)
    jinshan = Unit.objects.get(name="金山社区")
    add_activity(jinshan, people["jinshan"], signins=9)
    add_report(xihu, author, "同心工作站已挂牌运行")
    data = report_data(subject_of(demo, xihu.pk))
    assert data["title"] == "西湖社区创建工作总结报告"
    assert data["pilot"]["type"] == demo.pilots.get(community=xihu).type_name
    assert (data["activities"]["count"], data["activities"]["signins"]) == (2, 7)
    items = demo.tasks.filter(pilot__community=xihu).count()
    assert sum(row["community"] == "西湖社区" for row in data["tasks"]) == items
    assert "同心工作站已挂牌运行" in [row["latest"] for row in data["tasks"]]
    assert {row["name"] for row in data["figures"]} >= {
        "community.volunteers",
        "selfgov.matters_completed",
    }


def test_the_street_report_covers_its_communities(demo, people, xihu):
    add_activity(xihu, people["xihu"], signins=2)
    street = Unit.objects.get(name="雒城街道")
    data = report_data(subject_of(demo, street.pk))
    assert data["title"] == "雒城街道创建工作总结报告"
    assert data["activities"]["count"] == 1
    communities = {row["community"] for row in data["pilots"]}
    assert communities == set(
        demo.pilots.filter(street=street).values_list("community__name", flat=True)
    )


def test_the_queries_do_not_grow_with_the_records(demo, people, xihu):
    subject = subject_of(demo, xihu.pk)
    add_activity(xihu, people["xihu"], signins=1)
    with CaptureQueriesContext(connection) as few:
        report_data(subject)
    for n in range(6):
        add_activity(xihu, people["xihu"], signins=3, title=f"活动{n}")
        add_report(xihu, people["xihu"], f"进展{n}")
    with CaptureQueriesContext(connection) as many:
        report_data(subject)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_sample_data_has_the_shape_of_the_real_data(demo, xihu):
    real, sample = report_data(subject_of(demo, xihu.pk)), sample_data("summary")
    assert set(sample) == set(real)
    for key, value in real.items():
        if isinstance(value, dict) and value and isinstance(sample[key], dict):
            assert set(sample[key]) == set(value), key
