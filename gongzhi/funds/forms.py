from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import MultipleFileField
from gongzhi.funds.models import BudgetLine, FundEntry
from gongzhi.funds.rules import yuan

FILES_HELP = _("图片、PDF、Word、Excel，单个不超过 20 MB，可多选")


class BudgetForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["source", "item", "amount"]


class EntryForm(forms.ModelForm):
    """An allocation, disbursement or spending; the file is required where the kind needs a
    voucher or an invoice, the override reason offered only to 市财政局."""

    files = MultipleFileField(label=_("凭证"), required=False, help_text=FILES_HELP)

    class Meta:
        model = FundEntry
        fields = ["source", "amount", "date", "note", "override_reason"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})
        if kind == FundEntry.Kind.SPENDING:
            del self.fields["override_reason"]
        if kind != FundEntry.Kind.ALLOCATION:
            self.fields["files"].required = True
            self.fields["files"].label = (
                _("发票") if kind == FundEntry.Kind.SPENDING else _("拨付凭证")
            )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if self.fields["files"].required and not files:
            raise ValidationError(_("请上传%(what)s。") % {"what": self.fields["files"].label})
        return files


class ReverseForm(forms.Form):
    """A reversing entry: how much of the entry is taken back (all that is left, by default),
    when, why, and its voucher if any."""

    amount = forms.DecimalField(
        label=_("冲销金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    date = forms.DateField(
        label=_("冲销日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("冲销原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("凭证"), required=False, help_text=FILES_HELP)

    def __init__(self, *args, left, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].max_value = left
        self.fields["amount"].validators.append(MaxValueValidator(left))
        self.fields["amount"].help_text = _("尚未冲销 %(left)s 元") % {"left": yuan(left)}
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})
