from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.community import selectors
from gongzhi.community.models import (
    BrandProject,
    CharityService,
    Donation,
    Donor,
    ExamRecord,
    Incubation,
    OrgLink,
    SocialOrganization,
    SocialWorker,
    Station,
    TrainingRecord,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.community.models.organizations import ORGANIZATION_FIELDS, STATION_FIELDS
from gongzhi.community.models.people import EMPLOYER_KINDS
from gongzhi.community.models.retirement import IN_USE
from gongzhi.community.pickers import bound_organization_choices
from gongzhi.core.access import access_for
from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS
from gongzhi.core.pickers import ShownChoices
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import agencies, region_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def in_use_or_kept(queryset, kept=()):
    """Choices among records in use, plus the deactivated ones a record already holds (kept, so
    an edit does not silently drop them)."""
    return queryset.filter(IN_USE | Q(pk__in=[item.pk for item in kept]))


class RegistryForm(ScopedModelForm):
    permission = Perm.MANAGE_REGISTRIES


class OrganizationForm(RegistryForm):
    unit_fields = {"unit": COMMUNITY_KINDS | STREET_KINDS | REGION_KINDS}

    class Meta:
        model = SocialOrganization
        fields = list(ORGANIZATION_FIELDS)


class LinkForm(RegistryForm):
    unit_fields = {"community": COMMUNITY_KINDS}

    class Meta:
        model = OrgLink
        fields = ["community", "since", "until", "note"]
        widgets = {"since": DATE, "until": DATE}


class IncubationForm(forms.ModelForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies()

    class Meta:
        model = Incubation
        fields = ["level", "stage", "start", "end", "agency"]
        widgets = {"start": DATE, "end": DATE}


class StationForm(RegistryForm):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["operator"].queryset = agencies()

    class Meta:
        model = Station
        fields = [*STATION_FIELDS, "check_evidence"]
        widgets = {"checked_on": DATE}


class BrandProjectForm(RegistryForm):
    unit_fields = {"unit": None, "communities": COMMUNITY_KINDS}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        kept = [self.instance.organization] if self.instance.organization_id else []
        self.fields["organization"].queryset = in_use_or_kept(
            SocialOrganization.objects.visible_to(actor), kept
        )
        bound_organization_choices(self, "organization")

    class Meta:
        model = BrandProject
        fields = ["name", "unit", "organization", "communities", "year"]
        labels = {"communities": _("服务社区")}


class WorkerForm(RegistryForm):
    unit_fields = {"unit": EMPLOYER_KINDS, "communities": COMMUNITY_KINDS}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        regions = {region_of(Unit(path=g.unit_path)).path for g in access_for(actor).grants}
        condition = Q(pk__in=[])
        for path in regions:
            condition |= Q(path__startswith=path)
        self.fields["communities"].queryset = Unit.objects.filter(
            condition, kind__in=COMMUNITY_KINDS
        )

    class Meta:
        model = SocialWorker
        fields = ["name", "unit", "phone", "qualification", "communities", "is_active"]
        help_texts = {
            "unit": _("社工机构的社工选其机构；社区（街道）聘用的持证社工选本社区（街道）。")
        }


class ExamForm(forms.ModelForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)

    class Meta:
        model = ExamRecord
        fields = ["year", "level", "result"]


class TrainingForm(forms.ModelForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)

    class Meta:
        model = TrainingRecord
        fields = ["title", "date", "hours"]
        widgets = {"date": DATE}


class VolunteerForm(RegistryForm):
    unit_fields = {"unit": COMMUNITY_KINDS | STREET_KINDS}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        kept = self.instance.teams.all() if self.instance.pk else []
        self.fields["teams"].queryset = in_use_or_kept(
            VolunteerTeam.objects.visible_to(actor), kept
        )

    class Meta:
        model = Volunteer
        fields = [
            "name",
            "unit",
            "phone",
            "id_number",
            "ethnicity",
            "disability",
            "skills",
            "teams",
            "is_active",
        ]


class TeamForm(RegistryForm):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "unit"]


class HoursForm(forms.ModelForm):
    """Any activity the actor may see validates, but the select lists only a bounded few (the
    volunteer's community's recent ones and the one chosen); others are found by title."""

    def __init__(self, *args, actor, volunteer=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        field.queryset = selectors.hours_activities(actor)
        chosen = self.data.get(self.add_prefix("activity")) or self.instance.activity_id
        shown = selectors.activity_choices(actor, volunteer=volunteer, chosen=chosen)
        field.widget.choices = ShownChoices(field, shown)

    class Meta:
        model = VolunteerHours
        fields = ["date", "hours", "activity", "description"]
        widgets = {"date": DATE}


class DonorForm(RegistryForm):
    class Meta:
        model = Donor
        fields = ["name", "kind", "unit", "contact_name", "contact_phone"]


class DonationForm(RegistryForm):
    unit_fields = {"unit": COMMUNITY_KINDS}

    class Meta:
        model = Donation
        fields = ["unit", "kind", "amount", "description", "pledged_on", "received_on"]
        widgets = {"pledged_on": DATE, "received_on": DATE}


class CharityServiceForm(RegistryForm):
    unit_fields = {"unit": COMMUNITY_KINDS}

    class Meta:
        model = CharityService
        fields = ["name", "unit", "model", "since", "description"]
        widgets = {"since": DATE}


class ChecklistForm(forms.Form):
    is_done = forms.BooleanField(label=_("已建立"), required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    evidence = forms.FileField(label=_("佐证材料"), required=False)
