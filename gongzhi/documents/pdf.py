"""The PDF report: a list of section builders over the report data, laid out by WeasyPrint
with the Chinese font embedded, page numbers, a table of contents with page numbers and
charts drawn as SVG.

A section builder takes the report data and returns a `Section` (or None to leave it out).
The annexes registered in `gongzhi.core.report_annexes` follow the report's own sections."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML

from gongzhi.documents.charts import bar_chart, data_uri
from gongzhi.documents.fonts import cjk_font_path


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    key: str = ""


def _basics(data):
    return Section(_("基本情况"), "documents/pdf/basics.html")


def _tasks(data):
    chart = bar_chart([(row["label"], row["count"]) for row in data["status_counts"]])
    return Section(_("建设任务完成情况"), "documents/pdf/tasks.html", {"chart": data_uri(chart)})


def _pilots(data):
    if len(data["pilots"]) < 2:
        return None
    rows = [(row["community"], row["percent"]) for row in data["pilots"]]
    chart = bar_chart(rows, suffix="%", scale=100)
    return Section(_("特色社区创建情况"), "documents/pdf/pilots.html", {"chart": data_uri(chart)})


def _targets(data):
    return Section(_("指标完成情况"), "documents/pdf/targets.html")


def _figures(data):
    return Section(_("“五社联动”与各项工作数据"), "documents/pdf/figures.html")


def _activities(data):
    rows = [(row["label"], row["count"]) for row in data["activities"]["by_type"]]
    chart = data_uri(bar_chart(rows)) if rows else ""
    return Section(_("活动开展情况"), "documents/pdf/activities.html", {"chart": chart})


def _services(data):
    return Section(_("专业社会工作服务"), "documents/pdf/services.html")


def _funds(data):
    rows = [(row["source"], row["spent_amount"]) for row in data["funds"]["sources"]]
    chart = data_uri(bar_chart(rows)) if rows else ""
    return Section(_("资金使用情况"), "documents/pdf/funds.html", {"chart": chart})


def _needs_and_surveys(data):
    rows = [(row["kind"], row["share"] * 100) for row in data["surveys"] if row["answers"]]
    chart = data_uri(bar_chart(rows, suffix="%", scale=100)) if rows else ""
    return Section(_("居民诉求办理与问卷调查"), "documents/pdf/surveys.html", {"chart": chart})


def _supervision(data):
    return Section(_("第三方监督"), "documents/pdf/supervision.html")


SECTIONS = [
    _basics,
    _tasks,
    _pilots,
    _targets,
    _figures,
    _activities,
    _services,
    _funds,
    _needs_and_surveys,
    _supervision,
]


def _annexes(data):
    return [
        Section(
            _("附件%(number)d：%(title)s") % {"number": number, "title": annex["title"]},
            "documents/pdf/annex.html",
            {"annex": annex},
        )
        for number, annex in enumerate(data["annexes"], start=1)
    ]


NUMERALS = "一二三四五六七八九十"


def sections_of(data, builders=None) -> list[Section]:
    builders = SECTIONS if builders is None else builders
    built = [section for builder in builders if (section := builder(data)) is not None]
    for numeral, section in zip(NUMERALS, built, strict=False):
        section.title = f"{numeral}、{section.title}"
    built += _annexes(data)
    for number, section in enumerate(built, start=1):
        section.key = f"section-{number}"
    return built


def report_html(data, *, builders=None, front_matter: bool = True) -> str:
    """The report as HTML; `builders` and `front_matter` (cover, contents) narrow it down
    (the benchmark lays out one section alone)."""
    return render_to_string(
        "documents/pdf/report.html",
        {
            "data": data,
            "sections": sections_of(data, builders),
            "front_matter": front_matter,
            "font_url": cjk_font_path().as_uri(),
        },
    )


def report_pdf(data, **narrowed) -> bytes:
    return HTML(string=report_html(data, **narrowed)).write_pdf()
