from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import MultipleFileField


class ReportForm(forms.Form):
    """Text, completion claim, hand-entered target actuals (one field each) and evidence."""

    unit = forms.ModelChoiceField(label=_("上报单位"), queryset=None, empty_label=None)
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 6}))
    claims_completion = forms.BooleanField(
        label=_("本单位承担的内容已全部完成，申请认定完成"), required=False
    )
    files = MultipleFileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("图片、PDF、Word、Excel，单个不超过 20 MB，可多选"),
    )

    def __init__(self, *args, units, targets, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
        self.manual_targets = [t for t in targets if not t.counter]
        for target in self.manual_targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=_("实际值：%(name)s（%(measure)s）")
                % {"name": target.name, "measure": target.measure or "—"},
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=0,
            )
        target_fields = [f"target_{t.pk}" for t in self.manual_targets]
        self.order_fields(["unit", "text", *target_fields, "claims_completion", "files"])

    def actuals(self) -> dict:
        return {t.pk: self.cleaned_data.get(f"target_{t.pk}") for t in self.manual_targets}

    def service_data(self) -> dict:
        return {
            "text": self.cleaned_data["text"],
            "claims_completion": self.cleaned_data["claims_completion"],
            "actuals": self.actuals(),
            "files": self.cleaned_data["files"],
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"), choices=[("approve", _("通过")), ("return", _("退回修改"))]
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必须填写"),
    )
