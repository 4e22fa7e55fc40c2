from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case, Publicity
from gongzhi.core.forms import MultipleFileField
from gongzhi.core.pickers import bound_picker, chosen_values
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.programs.models import Task

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TASK_ORDER = ("program", "kind", "pilot__order", "number", "pk")  # the ledger's order


class RecordForm(ScopedModelForm):
    """A case or publicity record: its unit among the actor's, its task among the visible ones."""

    permission = Perm.MANAGE_CASES

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["task"].queryset = Task.objects.visible_to(actor).select_related("pilot")
        self.fields["task"].label_from_instance = task_label
        bound_picker(
            self.fields["task"],
            search_url=reverse_lazy("cases:task-options"),
            placeholder=_("按内容查找任务"),
            order=TASK_ORDER,
            keep=chosen_values(self, "task"),
        )


def task_label(task) -> str:
    text = task.text if len(task.text) <= 40 else f"{task.text[:40]}…"
    return f"{task.number}. {text}"


class CaseForm(RecordForm):
    photos = MultipleFileField(label=_("照片"), required=False)

    class Meta:
        model = Case
        fields = ["title", "unit", "type", "date", "summary", "tags", "task"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 6})}


class PublicityForm(RecordForm):
    link = forms.URLField(label=_("链接"), max_length=500, required=False, assume_scheme="https")
    clippings = MultipleFileField(label=_("剪报文件"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["case"].queryset = Case.objects.visible_to(actor)

    class Meta:
        model = Publicity
        fields = ["title", "unit", "media", "media_level", "kind", "date", "link", "case", "task"]
        widgets = {"date": DATE}


class PublishForm(forms.Form):
    public = forms.TypedChoiceField(
        choices=[("1", _("公开")), ("0", _("撤回公开"))], coerce=lambda value: value == "1"
    )
