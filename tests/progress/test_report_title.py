"""A report is titled by its unit and task, without naming the community twice."""

from django.template import Context, Template

from gongzhi.accounts.models import User
from gongzhi.progress import services


def test_with_prefix_leaves_out_a_name_the_text_begins_with():
    render = Template("{{ text|with_prefix:prefix }}").render
    assert render(Context({"text": "西城社区 第4项", "prefix": "西城社区"})) == "西城社区 第4项"
    assert render(Context({"text": "任务3", "prefix": "市民政局"})) == "市民政局 · 任务3"
    assert render(Context({"text": "任务3", "prefix": ""})) == "任务3"


def test_a_community_report_names_its_community_once(client, demo, item4):
    community = User.objects.get(username="community")
    report = services.report_create(
        actor=community,
        task=item4,
        unit=item4.assignments.get(role="lead").unit,
        text="第4期供需对接会已召开。",
    )
    client.force_login(community)
    page = client.get(report.get_absolute_url()).content.decode()
    assert '<h1 class="h5 mb-0">西城社区 第4项 <span' in page
    assert "西城社区 · 西城社区" not in page
