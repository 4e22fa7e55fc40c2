from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.community.models import BrandProject, Incubation, OrgLink, SocialOrganization, Station
from gongzhi.core.forms import ScopedModelForm
from gongzhi.core.roles import Perm
from gongzhi.orgs.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS, UnitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistryForm(ScopedModelForm):
    permission = Perm.MANAGE_REGISTRIES


class OrganizationForm(RegistryForm):
    unit_fields = {"unit": COMMUNITY_KINDS | STREET_KINDS | REGION_KINDS}

    class Meta:
        model = SocialOrganization
        fields = [
            "name", "unit", "category", "filing", "credit_code", "brand_year",
            "has_party_branch", "in_social_work_room", "contact_name", "contact_phone", "is_active",
        ]  # fmt: skip
        widgets = {"contact_phone": forms.TextInput(attrs={"inputmode": "tel"})}


class LinkForm(RegistryForm):
    unit_fields = {"community": COMMUNITY_KINDS}

    class Meta:
        model = OrgLink
        fields = ["community", "since", "until", "note"]
        widgets = {"since": DATE, "until": DATE}


class IncubationForm(forms.ModelForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gongzhi.orgs.models import Unit

        self.fields["agency"].queryset = Unit.objects.filter(kind=UnitKind.AGENCY, is_active=True)

    class Meta:
        model = Incubation
        fields = ["level", "stage", "start", "end", "agency"]
        widgets = {"start": DATE, "end": DATE}


class StationForm(RegistryForm):
    unit_fields = {"unit": None, "operator": None}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        from gongzhi.orgs.models import Unit

        self.fields["operator"].queryset = Unit.objects.filter(kind=UnitKind.AGENCY, is_active=True)

    class Meta:
        model = Station
        fields = [
            "name", "kind", "unit", "address", "operator", "staff_count", "opening_hours",
            "is_running", "checked_on", "check_note",
        ]  # fmt: skip
        widgets = {"checked_on": DATE}


class BrandProjectForm(RegistryForm):
    unit_fields = {"unit": None, "communities": COMMUNITY_KINDS}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["organization"].queryset = SocialOrganization.objects.visible_to(actor)

    class Meta:
        model = BrandProject
        fields = ["name", "unit", "organization", "communities", "year"]
        labels = {"communities": _("服务社区")}
