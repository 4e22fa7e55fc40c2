from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.community.models import SocialWorker
from gongzhi.core.access import access_for
from gongzhi.core.forms import MultipleFileField
from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS, UnitKind
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import region_of
from gongzhi.programs.models import Pilot, Program
from gongzhi.services.models import Deliverable, ServiceLog, ServiceProject, ServiceReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILES_HELP = _("图片、PDF、Word、Excel，单个不超过 20 MB，可多选")


def agencies_for(actor):
    """The agencies of the regions the actor sits in (an agency sits beside the streets)."""
    seats = Unit.objects.filter(pk__in=[grant.unit_id for grant in access_for(actor).grants])
    regions = {region_of(unit).path for unit in seats}
    near = Unit.objects.none()
    for path in regions:
        near |= Unit.objects.filter(path__startswith=path)
    return near.filter(kind=UnitKind.AGENCY, is_active=True)


class ProjectForm(ScopedModelForm):
    """The project and its agreement, kept by the buyer (a street or community)."""

    permission = Perm.MANAGE_SERVICES
    unit_fields = {"buyer": STREET_KINDS | COMMUNITY_KINDS}

    class Meta:
        model = ServiceProject
        fields = [
            "program",
            "pilot",
            "buyer",
            "title",
            "method",
            "agency",
            "agreement_number",
            "signed_on",
            "amount",
            "starts_on",
            "ends_on",
        ]
        widgets = {"signed_on": DATE, "starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        programs = Program.objects.visible_to(actor)
        self.fields["program"].queryset = programs
        self.fields["pilot"].queryset = Pilot.objects.filter(program__in=programs).select_related(
            "community"
        )
        self.fields["agency"].queryset = agencies_for(actor)
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})


class PlansForm(forms.ModelForm):
    class Meta:
        model = ServiceProject
        fields = ["service_plan", "implementation_plan"]
        widgets = {
            "service_plan": forms.Textarea(attrs={"rows": 8}),
            "implementation_plan": forms.Textarea(attrs={"rows": 8}),
        }


class VenueForm(forms.ModelForm):
    class Meta:
        model = ServiceProject
        fields = ["venue_commitment"]
        widgets = {"venue_commitment": forms.Textarea(attrs={"rows": 5})}


class FilesForm(forms.Form):
    files = MultipleFileField(label=_("协议文件（扫描件或 PDF）"), help_text=FILES_HELP)


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["name", "kind", "measure", "target"]


class LogForm(forms.ModelForm):
    """The phone-first service log: the choices narrowed to the projects the user logs for."""

    files = MultipleFileField(label=_("照片（签到表、活动照片）"), required=False)

    class Meta:
        model = ServiceLog
        fields = [
            "project",
            "date",
            "kind",
            "community",
            "worker",
            "beneficiaries",
            "hours",
            "description",
        ]
        widgets = {
            "date": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "beneficiaries": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "hours": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5", "min": 0}),
        }

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        projects = projects.select_related("buyer")
        self.fields["project"].queryset = projects
        self.fields["project"].empty_label = None if len(projects) == 1 else "---------"
        buyers = {project.buyer.path for project in projects}
        under = Unit.objects.none()
        for path in buyers:
            under |= Unit.objects.filter(path__startswith=path)
        self.fields["community"].queryset = under.filter(kind__in=COMMUNITY_KINDS, is_active=True)
        agencies = {project.agency_id for project in projects}
        self.fields["worker"].queryset = SocialWorker.objects.filter(
            unit_id__in=agencies, is_active=True
        )
        for name in ("community", "worker"):
            only = list(self.fields[name].queryset[:2])
            if len(only) == 1 and not self.is_bound:
                self.initial.setdefault(name, only[0].pk)


class ReportForm(forms.ModelForm):
    files = MultipleFileField(label=_("佐证材料"), required=False, help_text=FILES_HELP)

    class Meta:
        model = ServiceReport
        fields = ["kind", "period_start", "period_end", "text"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "text": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"), choices=[("approve", _("通过")), ("return", _("退回修改"))]
    )
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea)
