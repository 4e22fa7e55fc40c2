"""The import template of each registry: its columns with one example row, and a 说明 sheet
saying, column by column, whether it must be filled, its format and its allowed values."""

from django.utils.translation import gettext as _

from gongzhi.community.registries import (
    Choice,
    Date,
    Integer,
    OptionChoice,
    Registry,
    Secret,
    UnitName,
    UnitNames,
    YesNo,
)
from gongzhi.core import options
from gongzhi.core.excel import TemplateColumn, example_row, import_template
from gongzhi.core.masking import mask_phone

# Example values by header; the other columns take an example from their type. The file format
# is Chinese whatever the page's language, so these are not translated.
EXAMPLES = {
    "名称": "示例：阳光邻里互助会",
    "姓名": "示例：张三",
    "联系人": "李四",
    "统一社会信用代码": "",
    "地址": "示例路1号",
    "开放时间": "周一至周五 9:00-17:00",
    "核查情况": "运行正常",
    "特长": "文艺、心理疏导",
    "身份证号": "",
}
UNIT_EXAMPLE = "示例社区"


def _describe(registry: Registry, column) -> tuple[bool, str, object]:
    """(required, help, example) of a column, from its type and its model field."""
    field = registry.model._meta.get_field(column.field)
    required = not field.blank
    if isinstance(column, UnitNames):
        return False, _("单位名称，多个用“、”分隔"), f"{UNIT_EXAMPLE}、示例社区二"
    if isinstance(column, UnitName):
        help = (
            _("社会工作服务机构的名称")
            if column.pool == "agencies"
            else _("您管理范围内的单位名称，须与系统中的名称一致")
        )
        return column.required, help, UNIT_EXAMPLE
    if isinstance(column, YesNo):
        return False, _("填“是”或“否”"), "是"
    if isinstance(column, Choice):
        labels = list(column.by_label)
        return required, _("可选值：%(values)s") % {"values": "、".join(labels)}, labels[0]
    if isinstance(column, OptionChoice):
        labels = [value.label for value in options.values(column.list_name)]
        example = labels[0] if labels else ""
        return required, _("可选值：%(values)s") % {"values": "、".join(labels)}, example
    if isinstance(column, Integer):
        example = 2024 if "年" in column.header else 3
        return required, _("整数"), example
    if isinstance(column, Date):
        return required, _("日期，如 2024-06-30"), "2024-06-30"
    if isinstance(column, Secret):
        if column.mask is mask_phone:
            if getattr(field, "landline", False):
                help = _("11位手机号（固定电话带区号）；导出文件中带 * 的号码导入时保留原值")
            else:
                help = _("11位手机号；导出文件中带 * 的号码导入时保留原值")
            return required, help, "13800000000"
        help = _("18位身份证号；导出文件中带 * 的号码导入时保留原值")
        return required, help, EXAMPLES.get(column.header, "")
    max_length = getattr(field, "max_length", None)
    help = _("文字，最多%(n)d字") % {"n": max_length} if max_length else _("文字")
    return required, help, EXAMPLES.get(column.header, "")


def template_columns(registry: Registry) -> list[TemplateColumn]:
    columns = []
    for column in registry.columns:
        required, help, example = _describe(registry, column)
        columns.append(TemplateColumn(column.header, required, help, example))
    return columns


def registry_template(registry: Registry) -> bytes:
    key = "、".join(registry.column(name).header for name in registry.key)
    note = _("按“%(key)s”识别同一条记录：已有的记录会被更新，其余新增。") % {"key": key}
    return import_template(str(registry.label), template_columns(registry), [note])


def registry_example(registry: Registry) -> tuple[str, ...]:
    """The template's example row as text, which an import skips."""
    return example_row(template_columns(registry))
