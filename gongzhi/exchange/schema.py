"""The 好德行 exchange file, schema version 1 (docs/haodexing.md): three kinds of record, each a
list of fields with a JSON key, a Chinese column header, a type and whether it is required.

`check_record` turns one raw record (from JSON or an Excel row) into clean values or a list of
errors naming the field in Chinese; nothing here touches the database."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.validators import date_in_range
from gongzhi.exchange.models import HandledMatter, ServiceItem, VolunteerPoint

SCHEMA = "haodexing"
VERSION = 1
PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
MASKED_PHONE = re.compile(r"^[\d*-]*\*[\d*-]*$")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str  # text, code, date, integer, phone
    required: bool = False
    max_length: int = 0
    codes: tuple = ()  # (code, label) pairs of a code field

    @property
    def codes_text(self) -> str:
        return "；".join(f"{code}={label}" for code, label in self.codes)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    fields: tuple = field(default_factory=tuple)

    @property
    def attributes(self) -> list[str]:
        """The model attributes the file's fields hold (all but the id and the community)."""
        return [f.key for f in self.fields if f.key not in ("hdx_id", "community")]


def _codes(choices) -> tuple:
    return tuple((value, str(label)) for value, label in choices.choices)


HDX_ID = Field("hdx_id", gettext_lazy("好德行编号"), "text", required=True, max_length=64)
COMMUNITY = Field("community", gettext_lazy("社区"), "text", required=True, max_length=100)

KINDS = {
    "service_items": Kind(
        "service_items",
        gettext_lazy("服务事项"),
        ServiceItem,
        (
            HDX_ID,
            COMMUNITY,
            Field("name", gettext_lazy("事项名称"), "text", True, 100),
            Field(
                "category",
                gettext_lazy("类别"),
                "code",
                True,
                codes=_codes(ServiceItem.Category),
            ),
            Field("provider", gettext_lazy("提供单位"), "text", True, 100),
            Field("contact", gettext_lazy("联系电话"), "phone"),
            Field("address", gettext_lazy("地址"), "text", False, 200),
            Field("opening_hours", gettext_lazy("服务时间"), "text", False, 100),
            Field("status", gettext_lazy("状态"), "code", True, codes=_codes(ServiceItem.Status)),
        ),
    ),
    "handled_matters": Kind(
        "handled_matters",
        gettext_lazy("办理事项"),
        HandledMatter,
        (
            HDX_ID,
            COMMUNITY,
            Field("title", gettext_lazy("事项"), "text", True, 200),
            Field("requested_on", gettext_lazy("申请日期"), "date", True),
            Field("handled_on", gettext_lazy("办结日期"), "date"),
            Field("result", gettext_lazy("办理结果"), "text", False, 500),
            Field("status", gettext_lazy("状态"), "code", True, codes=_codes(HandledMatter.Status)),
            Field("need_receipt", gettext_lazy("诉求回执码"), "text", False, 20),
        ),
    ),
    "volunteer_points": Kind(
        "volunteer_points",
        gettext_lazy("志愿积分"),
        VolunteerPoint,
        (
            HDX_ID,
            COMMUNITY,
            Field("volunteer_ref", gettext_lazy("志愿者标识"), "text", True, 64),
            Field("points", gettext_lazy("积分"), "integer", True),
            Field("reason", gettext_lazy("事由"), "text", True, 200),
            Field("date", gettext_lazy("日期"), "date", True),
        ),
    ),
}


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    return str(raw).strip()


def _date(text: str):
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("应为日期，格式 YYYY-MM-DD")) from None
    try:
        date_in_range(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None
    return value


def _integer(text: str) -> int:
    if not re.fullmatch(r"-?\d{1,6}", text):
        raise ValueError(_("应为整数"))
    return int(text)


def _value(spec: Field, text: str):
    if spec.type == "date":
        return _date(text)
    if spec.type == "integer":
        return _integer(text)
    if spec.type == "code" and text not in dict(spec.codes):
        raise ValueError(_("代码无效，可用：%(codes)s") % {"codes": spec.codes_text})
    if spec.type == "phone" and not (PHONE.match(text) or MASKED_PHONE.match(text)):
        raise ValueError(_("应为手机号或固定电话"))
    if spec.max_length and len(text) > spec.max_length:
        raise ValueError(_("最多 %(n)d 个字") % {"n": spec.max_length})
    return text


def check_record(kind: Kind, raw: dict) -> tuple[dict, list[str]]:
    """Clean values keyed by field, and the record's errors ("字段：问题")."""
    values, errors = {}, []
    for spec in kind.fields:
        text = _text(raw.get(spec.key))
        if not text:
            if spec.required:
                errors.append(_("%(field)s：必填项") % {"field": spec.label})
            values[spec.key] = None if spec.type in ("date", "integer") else ""
            continue
        try:
            values[spec.key] = _value(spec, text)
        except ValueError as error:
            errors.append(f"{spec.label}：{error}")
    return values, errors
