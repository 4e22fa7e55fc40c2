"""The Word report: the office's template (or the default) filled with the report data."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from gongzhi.documents.default_templates import default_path
from gongzhi.documents.models import DocumentTemplate


def template_bytes(kind: str) -> bytes:
    """The template in use for `kind`: the office's replacement, else the default."""
    replacement = DocumentTemplate.objects.filter(kind=kind).first()
    if replacement is not None:
        with replacement.file.open("rb") as stored:
            return stored.read()
    return default_path(kind).read_bytes()


def render_docx(template: bytes, data: dict) -> bytes:
    """`template` filled with `data`; ValidationError (in words) when it cannot be."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(data, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except TemplateError as error:
        raise ValidationError(
            _("模板中的标记有误：%(error)s") % {"error": getattr(error, "message", error)}
        ) from error
    except Exception as error:  # a damaged file fails in zip, XML or docx code alike
        raise ValidationError(_("模板无法打开，请上传 Word（.docx）文件。")) from error
    return buffer.getvalue()


def report_docx(kind: str, data: dict) -> bytes:
    return render_docx(template_bytes(kind), data)
