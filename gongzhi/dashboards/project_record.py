"""A service project's record as a Word file for the archive (项目档案): the agreement, the
plans, the deliverables against what was done, the agency's reports with their review, the
third party's visits and reports, and the money by source. Nothing personal is in it."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn

from gongzhi.core.options import label_of
from gongzhi.core.templatetags.gz import number, yuan
from gongzhi.funds.selectors import project_totals
from gongzhi.services.stats import deliverables_progress
from gongzhi.supervision.models import SupervisionReport, Visit

FONT = "宋体"  # an East Asian font every Chinese office has


def project_record_docx(project) -> bytes:
    document = Document()
    _chinese_font(document)
    document.add_heading(project.title, 0)
    _agreement(document, project)
    _plans(document, project)
    _deliverables(document, project)
    _reports(document, project)
    _supervision(document, project)
    _money(document, project)
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    document.add_paragraph(_("导出时间：%(time)s") % {"time": stamp})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _chinese_font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _table(document, headers, rows) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = "" if text is None else str(text)


def _agreement(document, project) -> None:
    document.add_heading(_("一、购买服务协议"), 1)
    period = f"{project.starts_on:%Y-%m-%d} — {project.ends_on:%Y-%m-%d}"
    rows = [
        (_("购买单位"), project.buyer.name),
        (_("承接机构"), project.agency.name),
        (_("购买方式"), label_of("purchase_method", project.method)),
        (_("协议编号"), project.agreement_number or "—"),
        (_("签订日期"), f"{project.signed_on:%Y-%m-%d}" if project.signed_on else "—"),
        (_("协议金额（元）"), yuan(project.amount) if project.amount is not None else "—"),
        (_("服务期限"), period),
    ]
    _table(document, [_("项目"), _("内容")], rows)


def _plans(document, project) -> None:
    document.add_heading(_("二、服务计划与实施方案"), 1)
    for title, text in (
        (_("服务计划"), project.service_plan),
        (_("实施方案"), project.implementation_plan),
        (_("场地与设备承诺"), project.venue_commitment),
    ):
        document.add_heading(title, 2)
        document.add_paragraph(text or _("（未填写）"))


def _deliverables(document, project) -> None:
    document.add_heading(_("三、服务指标完成情况"), 1)
    rows = [
        (p.deliverable.name, number(p.deliverable.target), number(p.actual), f"{p.percent}%")
        for p in deliverables_progress(project)
    ]
    _table(document, [_("指标"), _("目标"), _("实际"), _("完成")], rows)


def _reports(document, project) -> None:
    document.add_heading(_("四、服务报告与审核"), 1)
    reports = project.reports.order_by("period_start", "pk")
    for report in reports:
        period = f"{report.period_start:%Y-%m-%d} — {report.period_end:%Y-%m-%d}"
        document.add_heading(f"{report.get_kind_display()}（{period}）", 2)
        document.add_paragraph(_("状态：%(state)s") % {"state": report.get_state_display()})
        document.add_paragraph(report.text)
        _table(
            document,
            [_("时间"), _("单位"), _("环节"), _("意见")],
            [
                (
                    timezone.localtime(event.at).strftime("%Y-%m-%d"),
                    event.actor_unit.name if event.actor_unit else "",
                    event.get_action_display(),
                    event.comment,
                )
                for event in report.events.order_by("at", "pk")
            ],
        )


def _supervision(document, project) -> None:
    document.add_heading(_("五、第三方督导与评估"), 1)
    visits = Visit.objects.filter(project=project).prefetch_related("items__owner", "files")
    for visit in visits:
        document.add_heading(_("督导 %(day)s") % {"day": f"{visit.date:%Y-%m-%d}"}, 2)
        document.add_paragraph(visit.findings)
        names = [stored.name for stored in visit.files.all()]
        if names:
            document.add_paragraph(_("照片或文件：%(names)s") % {"names": "、".join(names)})
        rows = [
            (item.what, item.owner.name, f"{item.due_on:%Y-%m-%d}", item.get_state_display())
            for item in visit.items.all()
        ]
        if rows:
            _table(document, [_("整改事项"), _("整改单位"), _("期限"), _("状态")], rows)
    reports = SupervisionReport.objects.filter(project=project).order_by("pk")
    rows = [(r.get_kind_display(), _score(r.score), r.get_state_display()) for r in reports]
    if rows:
        document.add_heading(_("评估与审计报告"), 2)
        _table(document, [_("报告"), _("评分"), _("状态")], rows)


def _score(score) -> str:
    return "—" if score is None else f"{score}"


def _money(document, project) -> None:
    document.add_heading(_("六、资金"), 1)
    by_source = project_totals([project.pk]).get(project.pk, {})
    rows = [
        (
            label_of("fund_source", source),
            yuan(totals.budget),
            yuan(totals.allocated),
            yuan(totals.disbursed),
            yuan(totals.spent),
        )
        for source, totals in by_source.items()
    ]
    _table(document, [_("资金来源"), _("预算"), _("已分配"), _("已拨付"), _("已支出")], rows)
