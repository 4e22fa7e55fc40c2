from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import MultipleFileField
from gongzhi.core.kinds import UnitKind
from gongzhi.orgs.models import Unit
from gongzhi.orgs.pickers import bound_region_choices
from gongzhi.orgs.selectors import region_units
from gongzhi.supervision.models import SupervisionAssignment, SupervisionReport


class DateInput(forms.DateInput):
    """A phone's date picker: the value in ISO form, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


FILES_HELP = _("照片、PDF 等，单个不超过 20 MB，可多选")
ITEM_ROWS = 3  # empty item rows offered on a new visit; "add a row" adds one more
MAX_ITEM_ROWS = 30


class VisitForm(forms.Form):
    """A visit: its date, what was found and its photos or documents (items: `ItemFormSet`)."""

    date = forms.DateField(label=_("督导日期"), widget=DateInput)
    findings = forms.CharField(label=_("督导发现"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("照片或文件"), required=False, help_text=FILES_HELP)


class ItemForm(forms.Form):
    """One rectification item; a row left empty is skipped."""

    what = forms.CharField(label=_("整改事项"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("整改单位"))
    due_on = forms.DateField(label=_("整改期限"), widget=DateInput)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["owner"].choices = [("", "—")] + [(pk, unit.name) for pk, unit in units.items()]

    def item(self):
        data = self.cleaned_data
        return (data["what"], self.units[data["owner"]], data["due_on"])


BaseItemFormSet = forms.formset_factory(
    ItemForm, extra=ITEM_ROWS, max_num=MAX_ITEM_ROWS, validate_max=True
)


class ItemFormSet(BaseItemFormSet):
    """The items of a visit: the project's agency or buyer puts each right by its date."""

    def __init__(self, *args, project, **kwargs):
        units = {str(unit.pk): unit for unit in (project.agency, project.buyer)}
        super().__init__(*args, prefix="items", form_kwargs={"units": units}, **kwargs)

    def items(self):
        return [form.item() for form in self.forms if form.has_changed()]

    def row_errors(self) -> list[str]:
        """Each faulty row's errors as one line naming the row, for the top of the form."""
        lines = []
        for number, errors in enumerate(self.errors, start=1):
            if errors:
                fields = "；".join(
                    f"{self.forms[number - 1].fields[name].label}：{' '.join(messages)}"
                    for name, messages in errors.items()
                )
                lines.append(_("第 %(n)d 项整改事项：%(error)s") % {"n": number, "error": fields})
        return lines + list(self.non_form_errors())


class AssignForm(forms.Form):
    third_party = forms.ModelChoiceField(label=_("第三方机构"), queryset=Unit.objects.none())

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        active = SupervisionAssignment.objects.filter(project=project, ended_at__isnull=True)
        self.fields["third_party"].queryset = (
            region_units(project.buyer)
            .filter(kind=UnitKind.THIRD_PARTY, is_active=True)
            .exclude(pk__in=active.values("third_party"))
            .order_by("name")
        )
        bound_region_choices(
            self, "third_party", around=project.buyer, kinds=[UnitKind.THIRD_PARTY]
        )


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
    files = MultipleFileField(label=_("附件"), required=False, help_text=FILES_HELP)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
