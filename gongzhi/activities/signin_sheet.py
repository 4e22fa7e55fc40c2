"""The sign-in list in Excel: the template of a paper sign-in sheet, reading a filled one, and
the export of who came (phones masked)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.activities.models import SignIn
from gongzhi.core.crypto import blind_index
from gongzhi.core.excel import (
    TemplateColumn,
    cell_text,
    example_row,
    import_template,
    is_example,
    table_workbook,
)
from gongzhi.core.masking import mask_phone

MAX_ROWS = 2000  # a sheet is read in the request: one activity's attendance, not a registry
MAX_MESSAGES = 200
# The file format: headers stay in Chinese whatever the page's language.
COLUMNS = {"name": "姓名", "phone": "手机号", "affiliation": "单位或住址"}
SHEET = "签到名单"


def template_columns() -> list[TemplateColumn]:
    return [
        TemplateColumn(COLUMNS["name"], True, _("文字，最多50字"), "示例：张三"),
        TemplateColumn(
            COLUMNS["phone"],
            False,
            _("11位手机号；同一活动中一个号码只能签到一次"),
            "13800000000",
        ),
        TemplateColumn(COLUMNS["affiliation"], False, _("文字，最多100字"), "示例小区1栋"),
    ]


def template() -> bytes:
    note = _("一行一人；整个文件没有错误时才会导入，有错误时列出出错的行，不导入任何一行。")
    return import_template(SHEET, template_columns(), [note])


def _row_error(number: int, column: str, problem) -> str:
    if not column:
        return _("第%(row)d行：%(problem)s") % {"row": number, "problem": problem}
    return _("第%(row)d行“%(column)s”：%(problem)s") % {
        "row": number,
        "column": column,
        "problem": problem,
    }


def _errors_of(number: int, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [_row_error(number, "", message) for message in error.messages]
    return [
        _row_error(number, "" if name == NON_FIELD_ERRORS else _column(name), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _column(name: str) -> str:
    return COLUMNS.get(name) or str(SignIn._meta.get_field(name).verbose_name)


def read(*, activity, actor, rows, build) -> list[SignIn]:
    """The sheet's people as unsaved sign-ins (`build` checks one line); every problem at once,
    by row and Chinese column, as a ValidationError."""
    rows = iter(rows)
    header = [cell_text(cell) for cell in next(rows, ())]
    position = {title: index for index, title in enumerate(header) if title}
    if COLUMNS["name"] not in position:
        raise ValidationError(_("缺少列：%(columns)s") % {"columns": COLUMNS["name"]})
    example = example_row(template_columns())
    signed = set(activity.signins.exclude(phone_index="").values_list("phone_index", flat=True))
    seen: dict[str, int] = {}
    errors, signins = [], []
    for number, row in enumerate(rows, start=2):
        if all(cell_text(cell) == "" for cell in row) or is_example(row, example):
            continue
        if len(signins) + len(errors) >= MAX_ROWS:
            raise ValidationError(
                _("文件超过 %(limit)d 行，请拆分后分批导入。") % {"limit": MAX_ROWS}
            )
        cells = {
            name: row[position[title]] if position.get(title, len(row)) < len(row) else ""
            for name, title in COLUMNS.items()
        }
        try:
            signin = build(
                activity=activity, actor=actor, **{k: cell_text(v) for k, v in cells.items()}
            )
        except ValidationError as error:
            errors += _errors_of(number, error)
            continue
        index = blind_index(signin.phone)
        if index in signed:
            errors.append(_row_error(number, COLUMNS["phone"], _("该手机号已在签到名单中")))
        elif index and index in seen:
            errors.append(
                _row_error(
                    number,
                    COLUMNS["phone"],
                    _("与第%(first)d行手机号重复") % {"first": seen[index]},
                )
            )
        else:
            if index:
                seen[index] = number
            signins.append(signin)
    if errors:
        shown = errors[:MAX_MESSAGES]
        if len(errors) > MAX_MESSAGES:
            shown.append(_("……另有 %(n)d 处问题未列出。") % {"n": len(errors) - MAX_MESSAGES})
        raise ValidationError(shown)
    if not signins:
        raise ValidationError(_("文件中没有签到记录。"))
    return signins


def export(activity, signins) -> bytes:
    """Who came, in the order they signed in; phones masked."""
    headers = [_("序号"), _("姓名"), _("手机号"), _("单位或住址"), _("签到方式"), _("签到时间")]
    rows = (
        [
            number,
            signin.name,
            mask_phone(signin.phone or ""),
            signin.affiliation,
            signin.get_source_display(),
            f"{timezone.localtime(signin.signed_at):%Y-%m-%d %H:%M}",
        ]
        for number, signin in enumerate(signins, start=1)
    )
    return table_workbook(_("签到名单"), headers, rows)
