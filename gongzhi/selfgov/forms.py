from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.access import access_for
from gongzhi.core.forms import MultipleFileField
from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.orgs.models import Unit
from gongzhi.selfgov.models import (
    CertificateItem,
    Charter,
    DutyItem,
    DutyKind,
    DutyTemplateItem,
    Matter,
    RefusedRequest,
    ServiceHours,
    Sign,
    Step,
)
from gongzhi.selfgov.models.matters import PUBLICATION_STEPS, StepKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEETING_FIELDS = ["entitled", "present", "votes_for", "votes_against", "votes_abstain"]


class SelfgovForm(ScopedModelForm):
    permission = Perm.MANAGE_SELFGOV
    unit_fields = {"unit": COMMUNITY_KINDS}


class MatterForm(SelfgovForm):
    class Meta:
        model = Matter
        fields = ["unit", "title", "kind", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class StepForm(forms.ModelForm):
    """The next step of a matter: a meeting's numbers, or a publication's period."""

    files = MultipleFileField(label=_("附件（会议记录、照片等）"), required=False)

    class Meta:
        model = Step
        fields = ["date", "meeting_form", *MEETING_FIELDS, "ends_on", "text"]
        widgets = {"date": DATE, "ends_on": DATE, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, actor=None, kind: StepKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        if kind in PUBLICATION_STEPS:
            drop = ["meeting_form", *MEETING_FIELDS]
            self.fields["date"].label = _("公开开始日期")
            self.fields["text"].label = _("公开内容")
            self.fields["ends_on"].required = True
        else:
            drop = ["ends_on"] + ([] if kind == StepKind.RESOLUTION else ["meeting_form"])
            self.fields["text"].label = _("会议记录")
            for name in MEETING_FIELDS:
                self.fields[name].required = True
            if "meeting_form" in self.fields:
                self.fields["meeting_form"].required = True
        for name in drop:
            del self.fields[name]


class CharterForm(SelfgovForm):
    file = forms.FileField(label=_("文件"), required=False)

    class Meta:
        model = Charter
        fields = ["unit", "kind", "title", "adopted_on", "matter", "meeting"]
        widgets = {"adopted_on": DATE}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["matter"].queryset = Matter.objects.editable_by(
            actor, Perm.MANAGE_SELFGOV
        ).filter(steps_done__gte=StepKind.RESOLUTION)


class TemplateItemForm(SelfgovForm):
    unit_fields = {"region": REGION_KINDS}

    class Meta:
        model = DutyTemplateItem
        fields = ["region", "kind", "number", "text", "basis"]


class DutyAdoptForm(forms.Form):
    """A community adopts one list: the template items it keeps, and its own additions."""

    unit = forms.ModelChoiceField(label=_("社区"), queryset=Unit.objects.none())
    adopted_on = forms.DateField(label=_("采用日期"), widget=DATE)
    kept = forms.ModelMultipleChoiceField(
        label=_("保留的模板事项"),
        queryset=DutyTemplateItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    additions = forms.CharField(
        label=_("本社区增加的事项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项，写作“事项｜法律依据”。"),
    )

    def __init__(self, *args, actor, kind: DutyKind, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.editable_by(actor, Perm.MANAGE_SELFGOV).filter(
            is_active=True, kind__in=COMMUNITY_KINDS
        )
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.indented_name
        seats = [grant.unit_id for grant in access_for(actor).grants]
        self.fields["unit"].initial = (
            units.filter(pk__in=seats).values_list("pk", flat=True).first()
        )
        templates = DutyTemplateItem.objects.visible_to(actor).filter(kind=kind)
        self.fields["kept"].queryset = templates
        self.fields["kept"].initial = list(templates.values_list("pk", flat=True))


class RefusalForm(SelfgovForm):
    class Meta:
        model = RefusedRequest
        fields = ["unit", "date", "department", "request", "item", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["item"].queryset = (
            DutyItem.objects.editable_by(actor, Perm.MANAGE_SELFGOV)
            .filter(duty_list__kind=DutyKind.NEGATIVE)
            .select_related("duty_list__unit")
        )
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.duty_list.unit.name} · {item}"
        )


class HoursForm(SelfgovForm):
    class Meta:
        model = ServiceHours
        fields = ["unit", "period", "days", "hours", "note"]


class CertificateForm(SelfgovForm):
    class Meta:
        model = CertificateItem
        fields = ["unit", "name", "status", "basis", "decided_on", "note"]
        widgets = {"decided_on": DATE}


class SignForm(SelfgovForm):
    photo = forms.ImageField(label=_("照片"), required=False)

    class Meta:
        model = Sign
        fields = ["unit", "name", "is_compliant", "checked_on", "note"]
        widgets = {"checked_on": DATE}
