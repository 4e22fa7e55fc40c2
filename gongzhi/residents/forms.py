from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import MultipleFileField
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.pickers import chosen_values
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.orgs.models import Unit
from gongzhi.orgs.pickers import bound_region_choices, bound_unit_choices
from gongzhi.orgs.selectors import region_of, region_units
from gongzhi.residents.models import Need, NeedCategory
from gongzhi.residents.services import STEPS

TEL = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})


def categories_for(community):
    return NeedCategory.objects.filter(region=region_of(community), is_active=True)


class PublicNeedForm(forms.Form):
    """What a resident fills in on the phone: what, where, and optionally who to call back."""

    category = forms.ModelChoiceField(label=_("类别"), queryset=NeedCategory.objects.none())
    description = forms.CharField(
        label=_("诉求内容"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写诉求内容。")},
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    grid = forms.ModelChoiceField(label=_("网格"), queryset=Unit.objects.none(), required=False)
    resident_name = forms.CharField(label=_("姓名（选填）"), max_length=50, required=False)
    resident_phone = forms.CharField(
        label=_("联系电话（选填）"), max_length=20, required=False, widget=TEL
    )
    photos = MultipleFileField(label=_("照片（选填）"), required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories_for(community)
        self.fields["grid"].queryset = Unit.objects.filter(
            path__startswith=community.path, kind="grid", is_active=True
        ).exclude(pk=community.pk)
        if not self.fields["grid"].queryset.exists():
            del self.fields["grid"]


class NeedRecordForm(ScopedModelForm):
    """Staff record a need raised in person, by phone or on a grid visit."""

    permission = Perm.HANDLE_NEEDS
    unit_fields = {"community": COMMUNITY_KINDS}
    photos = MultipleFileField(label=_("照片"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["channel"].choices = [
            choice for choice in Need.Channel.choices if choice[0] != Need.Channel.PUBLIC
        ]
        self.fields["category"].queryset = NeedCategory.objects.visible_to(actor).filter(
            is_active=True
        )

    class Meta:
        model = Need
        fields = [
            "community",
            "channel",
            "category",
            "urgency",
            "description",
            "place",
            "resident_name",
            "resident_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class StepForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    unit = forms.ModelChoiceField(label=_("转办至"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, need, step, **kwargs):
        super().__init__(*args, **kwargs)
        rule = STEPS[step]
        if rule.note_label:
            self.fields["note"].label = rule.note_label
        if step == "transfer":
            self.fields["unit"].queryset = (
                region_units(need.community).filter(is_active=True).exclude(pk=need.handler_id)
            )
            bound_region_choices(self, "unit", around=need.community)
        else:
            del self.fields["unit"]


class MatchForm(forms.Form):
    """One resource, chosen among the registries' records the user can see."""

    organization = forms.ModelChoiceField(
        label=_("社会组织"), queryset=None, required=False, empty_label=_("（不选）")
    )
    team = forms.ModelChoiceField(
        label=_("志愿服务队"), queryset=None, required=False, empty_label=_("（不选）")
    )
    donor = forms.ModelChoiceField(
        label=_("爱心商家/慈善资源"), queryset=None, required=False, empty_label=_("（不选）")
    )
    activity = forms.ModelChoiceField(
        label=_("在供需对接会上对接（选填）"), queryset=None, required=False
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, actor, need, **kwargs):
        from gongzhi.activities.models import Activity
        from gongzhi.community.models import Donor, SocialOrganization, VolunteerTeam

        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            SocialOrganization.objects.visible_to(actor).in_use().filter(is_active=True)
        )
        self.fields["team"].queryset = VolunteerTeam.objects.visible_to(actor).in_use()
        self.fields["donor"].queryset = Donor.objects.visible_to(actor).in_use()
        self.fields["activity"].queryset = Activity.objects.visible_to(actor).filter(
            type=Activity.Type.SUPPLY_DEMAND, community=need.community
        )

    def clean(self):
        data = super().clean()
        chosen = [data[name] for name in ("organization", "team", "donor") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("请选择且只选择一项对接资源。"))
        data["resource"] = chosen[0]
        return data


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("回执码"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("满意度"),
        coerce=int,
        choices=[
            (5, _("非常满意")),
            (4, _("满意")),
            (3, _("一般")),
            (2, _("不满意")),
            (1, _("非常不满意")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("评价（选填）"), max_length=300, required=False)


class CategoryForm(forms.ModelForm):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        handler = self.fields["handler"]
        handler.queryset = Unit.objects.visible_to(actor).filter(is_active=True)
        handler.label_from_instance = lambda unit: unit.indented_name
        keep = chosen_values(self, "handler")
        bound_unit_choices(handler, kinds=None, permission=None, keep=keep)

    class Meta:
        model = NeedCategory
        fields = ["name", "response_days", "handler", "order", "is_active"]
