"""The Word report: the office's template (or the default) filled with the report data, with
the registered annexes appended as tables."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError

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
    """`template` filled with `data`; ValidationError saying what is wrong when it cannot be
    (a name the data lacks is an error, not an empty gap)."""
    environment = Environment(undefined=StrictUndefined, autoescape=True)
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(data, environment)
    except UndefinedError as error:
        raise ValidationError(
            _("模板使用了报告数据中没有的名称：%(error)s") % {"error": error.message}
        ) from error
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("模板中的标记有误（第 %(line)d 行）：%(error)s")
            % {"line": error.lineno, "error": error.message}
        ) from error
    except Exception as error:  # a damaged file fails in zip, XML or docx code alike
        raise ValidationError(_("模板无法打开，请上传 Word（.docx）文件。")) from error
    _append_annexes(document.docx, data.get("annexes", []))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _append_annexes(docx, annexes) -> None:
    for number, annex in enumerate(annexes, start=1):
        docx.add_page_break()
        docx.add_heading(
            _("附件%(number)d：%(title)s") % {"number": number, "title": annex["title"]}, 1
        )
        if annex["note"]:
            docx.add_paragraph(annex["note"])
        table = docx.add_table(rows=1, cols=len(annex["headers"]))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, annex["headers"], strict=True):
            cell.text = str(text)
        for row in annex["rows"]:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = "" if text is None else str(text)


def report_docx(kind: str, data: dict) -> bytes:
    return render_docx(template_bytes(kind), data)
