from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import MultipleFileField
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.selfgov.models import Charter, Matter, Step
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
