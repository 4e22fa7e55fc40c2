"""Writes of the reports app: replacing and reverting the office's Word templates, and
keeping a generated report. Each is one transaction with its audit entry."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.uploads import check_upload
from gongzhi.documents.data import sample_data
from gongzhi.documents.models import DocumentKind, DocumentTemplate, GeneratedDocument
from gongzhi.documents.word import render_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _described(template: DocumentTemplate | None) -> dict:
    if template is None:
        return {"template": _("默认模板")}
    return {"template": template.name, "size": template.size}


@transaction.atomic
def template_replace(*, actor, kind: str, upload) -> DocumentTemplate:
    """The office's Word template for `kind`, in place of the one in use. It must be a .docx
    that renders with the report data, else ValidationError naming the problem."""
    if check_upload(upload) != DOCX:
        raise ValidationError(_("模板须为 Word（.docx）文件。"))
    render_docx(upload.read(), sample_data(kind))
    upload.seek(0)
    previous = DocumentTemplate.objects.filter(kind=kind).first()
    before = _described(previous)
    if previous is not None:
        previous.file.delete(save=False)
        previous.delete()
    template = DocumentTemplate(
        kind=kind, name=upload.name[:200], content_type=DOCX, size=upload.size, uploaded_by=actor
    )
    template.file.save(upload.name, upload, save=False)
    template.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=template,
        before=before,
        after=_described(template),
        message=_("替换报告模板：%(kind)s") % {"kind": DocumentKind(kind).label},
    )
    return template


@transaction.atomic
def template_revert(*, actor, kind: str) -> None:
    """Back to the default template for `kind` (nothing to do when it is in use already)."""
    template = DocumentTemplate.objects.filter(kind=kind).first()
    if template is None:
        return
    audit_record(
        actor=actor,
        action=Action.DELETE,
        obj=template,
        before=_described(template),
        after=_described(None),
        message=_("恢复默认报告模板：%(kind)s") % {"kind": DocumentKind(kind).label},
    )
    template.file.delete(save=False)
    template.delete()


@transaction.atomic
def document_keep(
    *, actor, subject, filename: str, content: bytes, content_type: str
) -> GeneratedDocument:
    """Keep a generated report for whoever may see its unit; audited."""
    document = GeneratedDocument(
        program=subject.program,
        unit=subject.unit,
        kind=subject.kind,
        name=filename[:200],
        content_type=content_type,
        size=len(content),
        uploaded_by=actor,
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=document,
        after={"name": document.name, "size": document.size},
        message=_("生成报告：%(name)s") % {"name": filename},
    )
    return document
