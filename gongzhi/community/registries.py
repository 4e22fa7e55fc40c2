"""The registries in Excel: one explicit column mapping per registry, used by the export, the
import and the template alike (Chinese headers, choice labels, 是/否, unit names; personal data
masked on the way out, and a masked cell on the way in keeps the stored value)."""

import datetime
import itertools
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.community.models import (
    BrandProject,
    Donor,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
)
from gongzhi.community.models.organizations import ORGANIZATION_FIELDS, STATION_FIELDS
from gongzhi.community.models.people import EMPLOYER_KINDS
from gongzhi.core import options
from gongzhi.core.excel import cell_text
from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS
from gongzhi.core.masking import mask_id_number, mask_phone

KEEP = object()  # a masked cell: keep what is stored
EXPORT_CHUNK = 2000  # records an export reads at a time


class CellError(ValueError):
    """A cell that cannot be read; the message names what is wrong, in Chinese."""


class Column:
    """A model field in a column with a Chinese header."""

    many = False  # a many-to-many field (see UnitNames)

    def __init__(self, field: str, header: str):
        self.field, self.header = field, header

    def render(self, value):
        """The cell for the record's value of `field` (a unit: its name; see `path`)."""
        return value

    @property
    def path(self) -> str:
        """What an export reads for this column (`values_list`)."""
        return self.field

    def parse(self, raw, units):
        return cell_text(raw)


class Integer(Column):
    def parse(self, raw, units):
        text = cell_text(raw)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise CellError(_("“%(value)s”应为整数") % {"value": text}) from None


class Date(Column):
    def render(self, value):
        return value.isoformat() if value else ""

    def parse(self, raw, units):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = cell_text(raw)
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CellError(_("“%(value)s”应为日期，如 2025-06-30") % {"value": text}) from None


class YesNo(Column):
    """是/否 in the file (1/0, true/false and yes/no are understood too). Written in Chinese
    whatever the page's language, like the headers: the file is read back."""

    TRUE, FALSE = {"是", "1", "true", "yes"}, {"否", "0", "false", "no", ""}

    def render(self, value):
        return "是" if value else "否"

    def parse(self, raw, units):
        if isinstance(raw, bool):
            return raw
        text = cell_text(raw)
        if text.lower() in self.TRUE:
            return True
        if text.lower() in self.FALSE:
            return False
        raise CellError(_("“%(value)s”应为“是”或“否”") % {"value": text})


class Choice(Column):
    """A choice by its Chinese label in the file (its stored value is understood too)."""

    def __init__(self, field, header, choices):
        super().__init__(field, header)
        self.by_label = {str(label): value for value, label in choices}
        self.by_value = {value: str(label) for value, label in choices}

    def render(self, value):
        return self.by_value.get(value, value)

    def parse(self, raw, units):
        text = cell_text(raw)
        if text in self.by_value:
            return text
        if text not in self.by_label:
            raise CellError(
                _("“%(value)s”不是可选值：%(choices)s")
                % {"value": text, "choices": "、".join(self.by_label)}
            )
        return self.by_label[text]


class OptionChoice(Column):
    """A value of a configurable list by its label as stored (Chinese for built-ins; its code is
    understood too), the list read when the file is written or read. Whether the record may
    hold it (active, or kept by an old record) is the model field's to say."""

    def __init__(self, field, header, list_name):
        super().__init__(field, header)
        self.list_name = list_name

    def render(self, value):
        return options.file_label(self.list_name, value)

    def parse(self, raw, units):
        text = cell_text(raw)
        code = options.code_for(self.list_name, text) if text else None
        if code is None:
            labels = [value.label for value in options.values(self.list_name)]
            raise CellError(
                _("“%(value)s”不是可选值：%(choices)s")
                % {"value": text, "choices": "、".join(labels)}
            )
        return code


class Secret(Column):
    """A phone or ID number: masked in exports; a masked cell (with “*”) keeps the stored one."""

    def __init__(self, field, header, mask=mask_phone):
        super().__init__(field, header)
        self.mask = mask

    def render(self, value):
        return self.mask(value or "")

    def parse(self, raw, units):
        text = cell_text(raw)
        return KEEP if "*" in text else text


class UnitName(Column):
    """A unit by name, among the units the importer keeps records for (or among agencies, for
    `pool="agencies"`), of the given kinds."""

    def __init__(self, field, header, *, pool="editable", kinds=None, required=True):
        super().__init__(field, header)
        self.pool, self.kinds, self.required = pool, kinds, required

    def render(self, value):
        return value or ""

    @property
    def path(self) -> str:
        return f"{self.field}__name"

    def names(self, raw) -> list[str]:
        text = cell_text(raw)
        return [text] if text else []

    def find(self, name, units):
        matches = [
            u for u in units[self.pool].get(name, ()) if not self.kinds or u.kind in self.kinds
        ]
        if len(matches) > 1:
            raise CellError(_("单位“%(name)s”有重名，无法确定") % {"name": name})
        if not matches:
            raise CellError(_("单位“%(name)s”不存在或不在您的管理范围内") % {"name": name})
        return matches[0]

    def parse(self, raw, units):
        names = self.names(raw)
        if not names and self.required:
            raise CellError(_("请填写单位名称"))
        return self.find(names[0], units) if names else None


class UnitNames(UnitName):
    """Several units by name, separated by “、” (a many-to-many field)."""

    many = True

    def render(self, value):
        return "、".join(value)

    def names_of(self, model, pks: list) -> dict:
        """The units' names of each of these records, in the order they were linked: one
        query for them all."""
        link = model._meta.get_field(self.field)
        record, unit = link.m2m_field_name(), link.m2m_reverse_field_name()
        rows = (
            link.remote_field.through.objects.filter(**{f"{record}__in": pks})
            .order_by("pk")
            .values_list(f"{record}_id", f"{unit}__name")
        )
        names: dict = {}
        for pk, name in rows:
            names.setdefault(pk, []).append(name)
        return names

    def names(self, raw) -> list[str]:
        return [name.strip() for name in cell_text(raw).split("、") if name.strip()]

    def parse(self, raw, units):
        return [self.find(name, units) for name in self.names(raw)]


@dataclass(frozen=True)
class Registry:
    """A registry as a sheet: its columns, and which columns say that two rows are the same
    record (`key`; a masked key column falls back to `fallback_key`)."""

    slug: str
    label: str
    list_url: str
    model: type
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    fallback_key: tuple[str, ...] = ()
    related: tuple[str, ...] = ("unit",)  # what an import reads with the records it updates

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @cached_property
    def by_field(self) -> dict[str, Column]:
        return {column.field: column for column in self.columns}

    def column(self, field: str) -> Column:
        return self.by_field[field]

    @cached_property
    def resolved(self) -> list[str]:
        """The foreign keys an import resolves itself (units by name)."""
        return [column.field for column in self.columns if isinstance(column, UnitName)]

    def export_rows(self, queryset):
        """One list of cells per record in use (deactivated ones are left out), read as plain
        values, not model instances, EXPORT_CHUNK records at a time (each chunk's linked units
        in one query per many-to-many column), so 100,000 rows stream in bounded memory."""
        single = [column for column in self.columns if not column.many]
        rows = queryset.in_use().values_list("pk", *(column.path for column in single))
        rows = rows.iterator(chunk_size=EXPORT_CHUNK)
        while chunk := list(itertools.islice(rows, EXPORT_CHUNK)):
            pks = [row[0] for row in chunk]
            linked = {c.field: c.names_of(self.model, pks) for c in self.columns if c.many}
            for pk, *values in chunk:
                given = iter(values)  # in the order of `single`, which is the columns' order
                yield [
                    column.render(linked[column.field].get(pk, []) if column.many else next(given))
                    for column in self.columns
                ]


def _in_order(fields, columns):
    by_field = {column.field: column for column in columns}
    return tuple(by_field[field] for field in fields)


ORGANIZATION = Registry(
    slug="organizations",
    label=gettext_lazy("社区社会组织"),
    list_url="community:org-list",
    model=SocialOrganization,
    columns=_in_order(
        ORGANIZATION_FIELDS,
        [
            Column("name", "名称"),
            UnitName("unit", "所属社区（单位）"),
            OptionChoice("category", "类别", "organization_category"),
            Choice("filing", "登记备案", SocialOrganization.Filing.choices),
            Column("credit_code", "统一社会信用代码"),
            Integer("brand_year", "品牌组织年度"),
            YesNo("has_party_branch", "已建立党组织"),
            YesNo("in_social_work_room", "入驻社工室"),
            Column("contact_name", "联系人"),
            Secret("contact_phone", "联系电话"),
            YesNo("is_active", "存续"),
        ],
    ),
    key=("unit", "name"),
)
STATION = Registry(
    slug="stations",
    label=gettext_lazy("社工站点"),
    list_url="community:station-list",
    model=Station,
    columns=_in_order(
        STATION_FIELDS,
        [
            Column("name", "名称"),
            OptionChoice("kind", "类型", "station_kind"),
            UnitName("unit", "所在单位"),
            Column("address", "地址"),
            # the operator is any agency, not necessarily one the importer keeps records for
            UnitName("operator", "运营机构", pool="agencies", required=False),
            Integer("staff_count", "驻站人数"),
            Column("opening_hours", "开放时间"),
            YesNo("is_running", "正常运行"),
            Date("checked_on", "核查日期"),
            Column("check_note", "核查情况"),
        ],
    ),
    key=("unit", "name"),
    related=("unit", "operator"),
)
WORKER = Registry(
    slug="workers",
    label=gettext_lazy("专业社会工作者"),
    list_url="community:worker-list",
    model=SocialWorker,
    columns=(
        Column("name", "姓名"),
        UnitName("unit", "所属机构", kinds=EMPLOYER_KINDS),
        Secret("phone", "手机号"),
        Choice("qualification", "职业资格", SocialWorker.Qualification.choices),
        YesNo("is_active", "在岗"),
    ),
    key=("unit", "name"),
)
VOLUNTEER = Registry(
    slug="volunteers",
    label=gettext_lazy("志愿者"),
    list_url="community:volunteer-list",
    model=Volunteer,
    columns=(
        Column("name", "姓名"),
        UnitName("unit", "所属社区", kinds=COMMUNITY_KINDS | STREET_KINDS),
        Secret("phone", "手机号"),
        Secret("id_number", "身份证号", mask=mask_id_number),
        Column("skills", "特长"),
        YesNo("is_active", "在册"),
    ),
    # the same person is the same phone in the same community; an exported (masked) phone
    # falls back to the name, which must then be unambiguous
    key=("unit", "phone"),
    fallback_key=("unit", "name"),
)
DONOR = Registry(
    slug="donors",
    label=gettext_lazy("慈善资源"),
    list_url="community:donor-list",
    model=Donor,
    columns=(
        Column("name", "名称"),
        Choice("kind", "类型", Donor.Kind.choices),
        UnitName("unit", "所在社区（单位）"),
        Column("contact_name", "联系人"),
        Secret("contact_phone", "联系电话"),
    ),
    key=("unit", "name"),
)
BRAND_PROJECT = Registry(
    slug="brand-projects",
    label=gettext_lazy("品牌活动项目"),
    list_url="community:brand-list",
    model=BrandProject,
    columns=(
        Column("name", "名称"),
        UnitName("unit", "所属单位"),
        Integer("year", "年度"),
        UnitNames("communities", "服务社区", kinds=COMMUNITY_KINDS),
    ),
    key=("unit", "name", "year"),
)

REGISTRIES = {
    registry.slug: registry
    for registry in (ORGANIZATION, STATION, WORKER, VOLUNTEER, DONOR, BRAND_PROJECT)
}
