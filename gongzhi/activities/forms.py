from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.models import Activity
from gongzhi.community.models import SocialOrganization
from gongzhi.community.pickers import bound_organization_choices
from gongzhi.core.forms import MultipleFileField, XlsxFileField
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(ScopedModelForm):
    permission = Perm.MANAGE_ACTIVITIES
    unit_fields = {"unit": None, "community": COMMUNITY_KINDS}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["partners"].queryset = (
            SocialOrganization.objects.visible_to(actor).in_use().filter(is_active=True)
        )
        self.fields["partners"].widget.attrs["size"] = 6
        bound_organization_choices(self, "partners")

    class Meta:
        model = Activity
        fields = [
            "title",
            "type",
            "unit",
            "community",
            "starts_at",
            "ends_at",
            "place",
            "organisers",
            "partners",
            "planned_attendance",
            "minutes",
            "signin_open",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("事项"), max_length=300)
    owner = forms.ModelChoiceField(label=_("责任单位"), queryset=None)
    due = forms.DateField(label=_("完成时限"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gongzhi.orgs.pickers import bound_region_choices
        from gongzhi.orgs.selectors import region_units

        if activity is not None:
            self.fields["owner"].queryset = region_units(activity.unit).filter(is_active=True)
            bound_region_choices(self, "owner", around=activity.unit)


class SignInForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )


class PhotoForm(forms.Form):
    files = MultipleFileField(label=_("照片或纪要扫描件"))


class PaperSignInForm(forms.Form):
    """One line of the paper sign-in sheet."""

    name = forms.CharField(
        label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")}
    )
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    affiliation = forms.CharField(label=_("单位或住址"), max_length=100, required=False)


class SignInUploadForm(forms.Form):
    file = XlsxFileField(label=_("签到表（.xlsx）"))
