"""Downloads are named in Chinese, say what they hold, and reach the browser encoded (RFC 6266)."""

from urllib.parse import unquote

from django.urls import reverse


def _name(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment")
    return unquote(header.split("filename*=utf-8''")[1])


def test_templates_are_named_in_chinese(client, demo, demo_users):
    client.force_login(demo_users["office"])
    organizations = client.get(reverse("community:import-template", args=["organizations"]))
    assert _name(organizations) == "社区社会组织导入模板.xlsx"
    assert _name(client.get(reverse("programs:import-template"))) == "项目导入模板.xlsx"
    assert _name(client.get(reverse("orgs:unit-import-template"))) == "单位导入模板.xlsx"


def test_a_program_downloads_under_its_name_and_the_day(client, demo, demo_users):
    client.force_login(demo_users["office"])
    response = client.get(reverse("programs:program-workbook", args=[demo.pk]))
    name = _name(response)
    assert name.startswith("广汉市城乡社区治理“创特色”工程-") and name.endswith(".xlsx")
