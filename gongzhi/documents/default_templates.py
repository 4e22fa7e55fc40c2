"""Builds the default Word templates shipped in `defaults/` (docxtpl's Jinja tags in a
python-docx document): `manage.py build_report_templates` writes them again after a change.

An office replacing a template keeps the same tags; the names it may use are those of
`gongzhi.documents.data.report_data` (e.g. `{{ title }}`, `{%tr for row in tasks %}`)."""

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from gongzhi.documents.models import DocumentKind

DEFAULTS = Path(__file__).parent / "defaults"
FONT = "宋体"
BASICS_HEADING = "一、基本情况"

# (heading, paragraphs before the table, table headers, loop, cells); headings stay Chinese:
# the template is the office's document, edited in Word, not a page of the site.
SECTIONS = [
    (
        "二、建设任务完成情况",
        [
            "共 {{ overview.tasks }} 项任务，已完成 {{ overview.done }} 项，"
            "完成率 {{ overview.percent }}%。"
        ],
        ["编号", "任务内容", "完成时限", "状态", "最新进展"],
        "tasks",
        [
            "{{ row.label }}",
            "{{ row.text }}",
            "{{ row.due }}",
            "{{ row.status }}",
            "{{ row.latest }}",
        ],
    ),
    (
        "三、指标完成情况",
        [],
        ["任务", "指标", "目标", "实际", "结果"],
        "targets",
        [
            "{{ row.task }}",
            "{{ row.name }}",
            "{{ row.target }}",
            "{{ row.actual }}",
            "{{ row.met }}",
        ],
    ),
    (
        "四、“五社联动”与各项工作数据",
        [],
        ["项目", "数值"],
        "figures",
        ["{{ row.label }}", "{{ row.value }}"],
    ),
    (
        "五、活动开展情况",
        ["开展活动 {{ activities.count }} 场，签到 {{ activities.signins }} 人次。"],
        ["活动类型", "场次"],
        "activities.by_type",
        ["{{ row.label }}", "{{ row.count }}"],
    ),
    (
        "六、专业社会工作服务",
        [],
        ["服务项目", "承接机构", "协议金额（元）", "服务次数", "受益人次", "达标指标"],
        "services",
        [
            "{{ row.title }}",
            "{{ row.agency }}",
            "{{ row.amount }}",
            "{{ row.services }}",
            "{{ row.beneficiaries }}",
            "{{ row.deliverables_met }}/{{ row.deliverables|length }}",
        ],
    ),
    (
        "七、资金使用情况",
        [
            "预算合计 {{ funds.total.budget }} 元，已拨付 {{ funds.total.disbursed }} 元，"
            "已支出 {{ funds.total.spent }} 元。"
        ],
        ["资金来源", "预算（元）", "已分配（元）", "已拨付（元）", "已支出（元）"],
        "funds.sources",
        [
            "{{ row.source }}",
            "{{ row.budget }}",
            "{{ row.allocated }}",
            "{{ row.disbursed }}",
            "{{ row.spent }}",
        ],
    ),
    (
        "八、居民诉求办理与问卷调查",
        [
            "受理居民诉求 {{ needs.total }} 件，"
            "办结 {{ needs.handled }} 件（{{ needs.percent }}%），平均评价 {{ needs.rating }}。"
        ],
        ["问卷类型", "答卷数", "计分回答数", "比率", "95%置信区间"],
        "surveys",
        [
            "{{ row.kind }}",
            "{{ row.responses }}",
            "{{ row.answers }}",
            "{{ row.rate }}",
            "{{ row.margin }}",
        ],
    ),
    (
        "九、第三方监督",
        [
            "督导走访 {{ supervision.visits }} 次，"
            "提出整改事项 {{ supervision.rectifications }} 项，已销号 {{ supervision.closed }} 项。"
        ],
        ["服务项目", "第三方机构", "报告", "评分"],
        "supervision.reports",
        ["{{ row.project }}", "{{ row.third_party }}", "{{ row.kind }}", "{{ row.score }}"],
    ),
]

BASICS = {
    DocumentKind.SUMMARY: [
        "{%p if pilot %}",
        "社区：{{ pilot.community }}；责任街道（镇）：{{ pilot.street }}；"
        "创建类型：{{ pilot.type }}；完成时限：{{ pilot.due }}。",
        "{%p endif %}",
        "本报告依据{{ program.name }}（{{ program.year }}年度）的实施方案，"
        "汇总{{ subject }}的创建工作情况。",
    ],
    DocumentKind.ACCEPTANCE: [
        "印发单位：{{ program.issuers }}。",
        "{%p for goal in program.goals %}",
        "目标：{{ goal }}",
        "{%p endfor %}",
    ],
}
PILOTS = (
    "特色社区创建情况",
    ["社区", "责任街道（镇）", "创建类型", "建设任务", "已完成", "完成率"],
    "pilots",
    [
        "{{ row.community }}",
        "{{ row.street }}",
        "{{ row.type }}",
        "{{ row.item_count }}",
        "{{ row.done }}",
        "{{ row.percent }}%",
    ],
)


def build(kind: str) -> bytes:
    document = Document()
    _chinese_font(document)
    title = document.add_heading("{{ title }}", 0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    centred = document.add_paragraph("{{ program.name }}　　{{ date }}")
    centred.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(BASICS_HEADING, 1)
    for text in BASICS[kind]:
        document.add_paragraph(text)
    if kind == DocumentKind.ACCEPTANCE:
        document.add_heading(PILOTS[0], 2)
        _loop_table(document, *PILOTS[1:])
    for heading, paragraphs, headers, loop, cells in SECTIONS:
        document.add_heading(heading, 1)
        for text in paragraphs:
            document.add_paragraph(text)
        _loop_table(document, headers, loop, cells)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _chinese_font(document) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _loop_table(document, headers, loop, cells) -> None:
    """A table with a header row, then one row per item of `loop` (docxtpl's {%tr %})."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for row in " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"


def default_path(kind: str) -> Path:
    return DEFAULTS / f"{kind}.docx"


def write_defaults() -> list[Path]:
    paths = []
    for kind in DocumentKind.values:
        path = default_path(kind)
        path.write_bytes(build(kind))
        paths.append(path)
    return paths
