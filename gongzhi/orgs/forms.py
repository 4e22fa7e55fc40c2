from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.forms import UnitChoiceField
from gongzhi.core.roles import Perm
from gongzhi.orgs.kinds import UnitKind
from gongzhi.orgs.models import Unit


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
        self.fields["parent"].queryset = Unit.objects.editable_by(actor, Perm.MANAGE_UNITS).filter(
            is_active=True
        )


class UnitUpdateForm(UnitFieldsForm):
    is_active = forms.BooleanField(label=_("启用"), required=False)
