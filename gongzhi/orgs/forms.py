from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.access import access_for
from gongzhi.core.excel import check_upload_size
from gongzhi.core.forms import XlsxFileField
from gongzhi.core.kinds import UnitKind
from gongzhi.core.pickers import chosen_values
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.orgs.pickers import bound_unit_choices
from gongzhi.orgs.unit_import import EXCEL_SUFFIXES, YAML_SUFFIXES


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.indented_name


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose unit choices are the units the actor may keep records for.
    `unit_fields` maps a field name to the unit kinds it accepts (None: any kind)."""

    unit_fields: dict = {"unit": None}
    permission = None

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.editable_by(actor, self.permission).filter(is_active=True)
        seats = [grant.unit_id for grant in access_for(actor).grants]
        for name, kinds in self.unit_fields.items():
            if name in self.fields:
                field = self.fields[name]
                field.queryset = units if kinds is None else units.filter(kind__in=kinds)
                field.label_from_instance = lambda unit: unit.indented_name
                if not self.is_bound and self.instance.pk is None and seats:
                    field.initial = field.initial or self._own_seat(field.queryset, seats)
                keep = [*chosen_values(self, name), *seats]
                bound_unit_choices(field, kinds=kinds, permission=self.permission, keep=keep)

    @staticmethod
    def _own_seat(queryset, seats):
        """Preselect the user's own unit when it is a valid choice (the usual case)."""
        return queryset.filter(pk__in=seats).values_list("pk", flat=True).first()


class UnitFieldsForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=UnitKind.choices)
    code = forms.CharField(label=_("统一社会信用代码/区划代码"), max_length=32, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class UnitCreateForm(UnitFieldsForm):
    parent = UnitChoiceField(label=_("上级单位"), queryset=Unit.objects.none())
    field_order = ["parent", "name", "kind", "code", "note"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = Unit.objects.editable_by(actor, Perm.MANAGE_UNITS).filter(is_active=True)
        keep = chosen_values(self, "parent")
        bound_unit_choices(parent, kinds=None, permission=Perm.MANAGE_UNITS, keep=keep)


class UnitUpdateForm(UnitFieldsForm):
    is_active = forms.BooleanField(label=_("启用"), required=False)


class UnitImportForm(forms.Form):
    """An Excel workbook (checked for size and decompression bombs) or a YAML file (size)."""

    file = forms.FileField(
        label=_("单位文件（.xlsx、.yaml、.yml）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.yaml,.yml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix in EXCEL_SUFFIXES:
            return XlsxFileField().clean(upload)
        if suffix in YAML_SUFFIXES:
            check_upload_size(upload.size)
            return upload
        raise forms.ValidationError(_("请上传 Excel（.xlsx）或 YAML（.yaml、.yml）文件。"))
