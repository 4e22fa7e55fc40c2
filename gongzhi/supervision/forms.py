from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.supervision.models import SupervisionReport


class DateInput(forms.DateInput):
    input_type = "date"


class VisitForm(forms.Form):
    """A visit and, optionally, one rectification item (more are added on the visit's page)."""

    date = forms.DateField(label=_("督导日期"), widget=DateInput)
    findings = forms.CharField(label=_("督导发现"), widget=forms.Textarea(attrs={"rows": 4}))
    item_what = forms.CharField(
        label=_("整改事项"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    item_owner = forms.ChoiceField(label=_("整改单位"), required=False)
    item_due_on = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in (project.agency, project.buyer)}
        self.fields["item_owner"].choices = [("", "—")] + [
            (pk, unit.name) for pk, unit in self.units.items()
        ]

    def items(self):
        data = self.cleaned_data
        if not data["item_what"].strip():
            return []
        if not data["item_owner"] or not data["item_due_on"]:
            raise forms.ValidationError(_("整改事项须填写整改单位和整改期限。"))
        return [(data["item_what"], self.units[data["item_owner"]], data["item_due_on"])]


class FixForm(forms.Form):
    fix = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("确认结论"), choices=[("close", _("确认销号")), ("reopen", _("退回整改"))]
    )
    comment = forms.CharField(label=_("意见"), required=False)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=SupervisionReport.Kind.choices)
    score = forms.DecimalField(
        label=_("评估得分"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("评估报告必填，0–100；审计报告不填"),
    )
    text = forms.CharField(label=_("报告内容"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
