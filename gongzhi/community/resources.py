"""Excel import and export of the registries (django-import-export), with Chinese headers.

Units are named as in the unit tree and must be ones the importing user keeps records for;
a masked phone (with “*”) in an imported file leaves the stored phone as it is.
"""

from import_export import fields, resources, widgets

from gongzhi.community.models import (
    BrandProject,
    Donor,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
)
from gongzhi.community.models.organizations import ORGANIZATION_FIELDS, STATION_FIELDS
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.crypto import blind_index
from gongzhi.core.masking import mask_id_number, mask_phone
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import agencies


class ScopedUnitWidget(widgets.ForeignKeyWidget):
    """A unit by name, among the units the importing user may keep records for."""

    def __init__(self, units=None, **kwargs):
        super().__init__(Unit, field="name", **kwargs)
        self.units = units

    def get_queryset(self, value, row, *args, **kwargs):
        return self.units if self.units is not None else Unit.objects.none()

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        matches = list(self.get_queryset(value, row).filter(name=str(value).strip())[:2])
        if len(matches) != 1:
            problem = "有重名，无法确定" if matches else "不存在或不在您的管理范围内"
            raise ValueError(f"单位“{value}”{problem}")
        return matches[0]


class ScopedUnitsWidget(widgets.ManyToManyWidget):
    """Several units by name, separated by “、”, among the importer's units."""

    def __init__(self, units=None, **kwargs):
        super().__init__(Unit, separator="、", field="name", **kwargs)
        self.units = units

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split("、") if name.strip()]
        found = list(
            (self.units if self.units is not None else Unit.objects.none()).filter(name__in=names)
        )
        missing = set(names) - {unit.name for unit in found}
        if missing:
            raise ValueError(f"单位“{'、'.join(sorted(missing))}”不存在或不在您的管理范围内")
        return found


class ChoiceLabelWidget(widgets.Widget):
    """Choices by their Chinese label (登记, 备案 …) in the file, by value in the database."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.by_label = {str(label): value for value, label in choices}
        self.by_value = {value: str(label) for value, label in choices}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if text in self.by_value:
            return text
        if text not in self.by_label:
            raise ValueError(f"“{text}”不是可选值：{'、'.join(self.by_label)}")
        return self.by_label[text]

    def render(self, value, obj=None, **kwargs):
        return self.by_value.get(value, value)


class YesNoWidget(widgets.Widget):
    """是/否 in the file (1/0 and true/false are understood too)."""

    TRUE, FALSE = {"是", "1", "true", "True", "TRUE"}, {"否", "0", "false", "False", "FALSE", ""}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if value is True or text in self.TRUE:
            return True
        if value is False or text in self.FALSE:
            return False
        raise ValueError(f"“{text}”应为“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class MaskedPhoneWidget(widgets.CharWidget):
    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return mask_phone(value or "")


class ScopedResource(resources.ModelResource):
    """Binds the importing user: unit columns accept only their units; each row is audited."""

    unit_columns = ("unit",)

    def __init__(self, *, actor=None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.actor, self.progress, self.rows_done = actor, progress, 0
        units = Unit.objects.editable_by(actor, Perm.MANAGE_REGISTRIES) if actor else None
        for name in self.unit_columns:
            self.fields[name].widget.units = units

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        self.rows_done += 1
        if self.progress:
            self.progress(self.rows_done, self.total_rows)
        return result

    def import_data(self, dataset, **kwargs):
        self.total_rows = len(dataset)
        return super().import_data(dataset, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if isinstance(field.widget, MaskedPhoneWidget) and "*" in str(row.get(field.column_name)):
            return  # a masked value from an export: keep the stored one
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance._gz_created = instance._state.adding

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        audit_record(
            actor=self.actor,
            action=Action.CREATE if instance._gz_created else Action.UPDATE,
            obj=instance,
            after=snapshot(instance),
            message="Excel 导入",
        )


def _choice(attribute, label, model_choices):
    return fields.Field(attribute, label, widget=ChoiceLabelWidget(model_choices))


def _text(attribute, label):
    return fields.Field(attribute, label, widget=widgets.CharWidget(allow_blank=True))


def _bool(attribute, label):
    return fields.Field(attribute, label, widget=YesNoWidget())


class OrganizationResource(ScopedResource):
    name = _text("name", "名称")
    unit = fields.Field("unit", "所属社区（单位）", widget=ScopedUnitWidget())
    category = _choice("category", "类别", SocialOrganization.Category.choices)
    filing = _choice("filing", "登记备案", SocialOrganization.Filing.choices)
    credit_code = _text("credit_code", "统一社会信用代码")
    brand_year = fields.Field("brand_year", "品牌组织年度", widget=widgets.IntegerWidget())
    has_party_branch = _bool("has_party_branch", "已建立党组织")
    in_social_work_room = _bool("in_social_work_room", "入驻社工室")
    contact_name = _text("contact_name", "联系人")
    contact_phone = fields.Field("contact_phone", "联系电话", widget=MaskedPhoneWidget())
    is_active = _bool("is_active", "存续")

    class Meta:
        model = SocialOrganization
        import_id_fields = ("unit", "name")
        fields = ORGANIZATION_FIELDS
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True


class StationResource(ScopedResource):
    unit_columns = ("unit", "operator")

    name = _text("name", "名称")
    kind = _choice("kind", "类型", Station.Kind.choices)
    unit = fields.Field("unit", "所在单位", widget=ScopedUnitWidget())
    address = _text("address", "地址")
    operator = fields.Field("operator", "运营机构", widget=ScopedUnitWidget())
    staff_count = fields.Field("staff_count", "驻站人数", widget=widgets.IntegerWidget())
    opening_hours = _text("opening_hours", "开放时间")
    is_running = _bool("is_running", "正常运行")
    checked_on = fields.Field("checked_on", "核查日期", widget=widgets.DateWidget("%Y-%m-%d"))
    check_note = _text("check_note", "核查情况")

    class Meta:
        model = Station
        import_id_fields = ("unit", "name")
        fields = STATION_FIELDS
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # the operator is any agency, not necessarily one the importer keeps records for
        self.fields["operator"].widget.units = agencies()


class MaskedIdWidget(MaskedPhoneWidget):
    def render(self, value, obj=None, **kwargs):
        return mask_id_number(value or "")


class WorkerResource(ScopedResource):
    name = _text("name", "姓名")
    unit = fields.Field("unit", "所属机构", widget=ScopedUnitWidget())
    phone = fields.Field("phone", "手机号", widget=MaskedPhoneWidget())
    qualification = _choice("qualification", "职业资格", SocialWorker.Qualification.choices)
    is_active = _bool("is_active", "在岗")

    class Meta:
        model = SocialWorker
        import_id_fields = ("unit", "name")
        fields = ("name", "unit", "phone", "qualification", "is_active")
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True


class VolunteerResource(ScopedResource):
    name = _text("name", "姓名")
    unit = fields.Field("unit", "所属社区", widget=ScopedUnitWidget())
    phone = fields.Field("phone", "手机号", widget=MaskedPhoneWidget())
    id_number = fields.Field("id_number", "身份证号", widget=MaskedIdWidget())
    skills = _text("skills", "特长")
    is_active = _bool("is_active", "在册")

    class Meta:
        model = Volunteer
        import_id_fields = ("unit", "phone")
        fields = ("name", "unit", "phone", "id_number", "skills", "is_active")
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        """The same person is the same phone in the same community; an exported (masked)
        phone falls back to the name, which must then be unambiguous."""
        unit = self.fields["unit"].clean(row)
        phone = str(row.get("手机号") or "")
        people = Volunteer.objects.filter(unit=unit)
        if "*" not in phone:
            return people.filter(phone_index=blind_index(phone)).first()
        named = list(people.filter(name=str(row.get("姓名") or "").strip())[:2])
        if len(named) > 1:
            raise ValueError("同名志愿者有多位，请填写完整手机号")
        if not named:
            raise ValueError("新登记的志愿者须填写完整的手机号")
        return named[0]


class DonorResource(ScopedResource):
    name = _text("name", "名称")
    kind = _choice("kind", "类型", Donor.Kind.choices)
    unit = fields.Field("unit", "所在社区（单位）", widget=ScopedUnitWidget())
    contact_name = _text("contact_name", "联系人")
    contact_phone = fields.Field("contact_phone", "联系电话", widget=MaskedPhoneWidget())

    class Meta:
        model = Donor
        import_id_fields = ("unit", "name")
        fields = ("name", "kind", "unit", "contact_name", "contact_phone")
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True


class BrandProjectResource(ScopedResource):
    unit_columns = ("unit", "communities")

    name = _text("name", "名称")
    unit = fields.Field("unit", "所属单位", widget=ScopedUnitWidget())
    year = fields.Field("year", "年度", widget=widgets.IntegerWidget())
    communities = fields.Field("communities", "服务社区", widget=ScopedUnitsWidget())

    class Meta:
        model = BrandProject
        import_id_fields = ("unit", "name", "year")
        fields = ("name", "unit", "year", "communities")
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True


REGISTRIES = {
    "organizations": (OrganizationResource, "社区社会组织", "community:org-list"),
    "stations": (StationResource, "社工站点", "community:station-list"),
    "workers": (WorkerResource, "专业社会工作者", "community:worker-list"),
    "volunteers": (VolunteerResource, "志愿者", "community:volunteer-list"),
    "donors": (DonorResource, "慈善资源", "community:donor-list"),
    "brand-projects": (BrandProjectResource, "品牌活动项目", "community:brand-list"),
}
