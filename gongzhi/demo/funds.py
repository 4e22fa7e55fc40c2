"""The demo's money: 西城社区's service project budgeted from 省级补助 and 街道资金,
市财政局 allocating and disbursing the provincial part with a voucher, the community spending
part of it with invoices. The city part waits to be disbursed (财政's to-do on the demo day)."""

from decimal import Decimal

from django.core.files.base import ContentFile

from gongzhi.demo.services import TITLE
from gongzhi.demo.story import Story, day, moment
from gongzhi.funds.models import FundEntry
from gongzhi.funds.services import budget_add, entry_record
from gongzhi.services.models import ServiceProject

COMMUNITY = "西城社区"
# (source, item, amount)
BUDGET = [
    ("province", "社工人员经费", "120000.00"),
    ("province", "活动物资", "20000.00"),
    ("street", "场地与宣传", "40000.00"),
]
# (when, kind, source, amount, note, file name) — the finance user allocates and disburses,
# the community spends
ENTRIES = [
    ("2024-03-05 10:00", "allocation", "province", "140000.00", "2024年省级补助分配", ""),
    ("2024-03-05 10:30", "allocation", "street", "40000.00", "街道配套分配", ""),
    (
        "2024-03-20 15:00",
        "disbursement",
        "province",
        "70000.00",
        "首期拨付（50%）",
        "拨付凭证-首期.pdf",
    ),
    (
        "2024-06-28 16:00",
        "spending",
        "province",
        "45000.00",
        "3—6月社工人员经费",
        "发票-人员经费.pdf",
    ),
    (
        "2024-09-12 11:00",
        "spending",
        "province",
        "6380.50",
        "小组活动物资采购",
        "发票-活动物资.pdf",
    ),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def write_funds(story: Story) -> None:
    project = ServiceProject.objects.filter(buyer=story.unit(COMMUNITY), title=TITLE).first()
    if project is None:
        return
    community, finance = story.user("community"), story.user("finance")
    with story.at(moment("2024-03-01 09:30")):
        for source, item, amount in BUDGET:
            budget_add(
                actor=community, project=project, source=source, item=item, amount=Decimal(amount)
            )
    for when, kind, source, amount, note, file_name in ENTRIES:
        entry = FundEntry(
            project=project,
            kind=kind,
            source=source,
            amount=Decimal(amount),
            date=day(when[:10]),
            note=note,
        )
        files = [ContentFile(PDF, name=file_name)] if file_name else []
        with story.at(moment(when)):
            entry_record(
                actor=community if kind == "spending" else finance, entry=entry, files=files
            )
