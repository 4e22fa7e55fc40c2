"""Generating a report in the background: collect the data, render Word or PDF, keep the
file for whoever may see its unit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.documents.data import report_data
from gongzhi.documents.fonts import CJKFontMissing
from gongzhi.documents.services import DOCX, document_keep
from gongzhi.documents.subjects import may_generate, subject_of
from gongzhi.programs.models import Program

FORMATS = {"docx": DOCX, "pdf": "application/pdf"}
STEPS = 3  # data, rendering, keeping the file


def report_filename(subject, fmt: str) -> str:
    """西湖社区创建工作总结报告-2024-12-18.pdf"""
    return f"{subject.title}-{clock.today():%Y-%m-%d}.{fmt}"


def render(subject, data: dict, fmt: str) -> bytes:
    if fmt == "pdf":
        from gongzhi.documents.pdf import report_pdf  # WeasyPrint loads only when needed

        return report_pdf(data)
    from gongzhi.documents.word import report_docx

    return report_docx(subject.kind, data)


@job_kind("report_generate")
def report_generate(job, progress) -> JobResult:
    params = job.params
    program = Program.objects.visible_to(job.owner).filter(pk=params["program"]).first()
    subject = subject_of(program, params.get("unit")) if program else None
    if subject is None or not may_generate(job.owner, subject):
        raise JobFailed(_("报告对象不存在或不在您的范围内。"))
    fmt = params["format"]
    progress(0, STEPS)
    data = report_data(subject)
    progress(1, STEPS)
    try:
        content = render(subject, data, fmt)
    except (ValidationError, CJKFontMissing) as error:
        raise JobFailed(" ".join(getattr(error, "messages", [str(error)]))) from error
    progress(2, STEPS)
    filename = report_filename(subject, fmt)
    document = document_keep(
        actor=job.owner,
        subject=subject,
        filename=filename,
        content=content,
        content_type=FORMATS[fmt],
    )
    progress(3, STEPS)
    return JobResult(
        message=_("已生成：%(name)s") % {"name": filename}, url=document.get_absolute_url()
    )
